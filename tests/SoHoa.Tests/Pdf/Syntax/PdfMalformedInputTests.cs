using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Malformed inputs must produce <see cref="PdfSyntaxException"/> (or diagnostics), never other exceptions.</summary>
[TestClass]
public sealed class PdfMalformedInputTests
{
    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    /// <summary>Empty and non-PDF inputs throw PdfSyntaxException.</summary>
    [TestMethod]
    public void Open_EmptyOrNotPdf_ThrowsPdfSyntaxException()
    {
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Array.Empty<byte>()));
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1("hello world")));
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1("%PDF-1.4\n")));
    }

    /// <summary>A truncated file throws PdfSyntaxException at open or resolution time.</summary>
    [TestMethod]
    public void Open_TruncatedFile_ThrowsPdfSyntaxException()
    {
        var bytes = TestPdfBuilder.BuildDocument(2);
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(bytes.AsMemory(0, bytes.Length / 2)));
        StringAssert.Contains(ex.Message, "startxref");
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(bytes.AsMemory(0, bytes.Length - 10)));
    }

    /// <summary>Garbage after startxref or an offset outside the file throws.</summary>
    [TestMethod]
    public void Open_GarbageStartxref_ThrowsPdfSyntaxException()
    {
        var text = Encoding.Latin1.GetString(TestPdfBuilder.BuildDocument(1));
        var at = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var garbage = text[..at] + "startxref\nabc\n%%EOF\n";
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(garbage)));
        StringAssert.Contains(ex.Message, "startxref");
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(text[..at] + "startxref\n99999999\n%%EOF\n")));
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(text[..at] + "startxref\n20\n%%EOF\n")));
    }

    /// <summary>A /Prev pointing back to the same section throws instead of looping.</summary>
    [TestMethod]
    public void Open_PrevLoop_ThrowsPdfSyntaxException()
    {
        var bytes = TestPdfBuilder.Build(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"], "/Root 1 0 R /Prev {XREF}");
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(bytes));
        StringAssert.Contains(ex.Message, "loop");
    }

    /// <summary>A two-section /Prev cycle (made from a real incremental update) throws.</summary>
    [TestMethod]
    public void Open_TwoSectionPrevCycle_ThrowsPdfSyntaxException()
    {
        var original = TestPdfBuilder.BuildDocument(1);
        var writer = new PdfIncrementalWriter(PdfFileReader.Open(original));
        writer.Add(new PdfInteger(1));
        var update = writer.Write();
        var text = Encoding.Latin1.GetString(update.Bytes);

        // Overwrite the original trailer's /ID (same byte length) with a /Prev pointing at the update's section: A → B → A.
        const string originalId = "/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]";
        var at = text.IndexOf(originalId, StringComparison.Ordinal);
        Assert.IsTrue(at > 0 && at < original.Length);
        var patched = text[..at] + $"/Prev {update.XrefOffset}".PadRight(originalId.Length) + text[(at + originalId.Length)..];
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(patched)));
        StringAssert.Contains(ex.Message, "loop");
    }

    /// <summary>An absurd /Size throws.</summary>
    [TestMethod]
    public void Open_HugeSize_ThrowsPdfSyntaxException()
    {
        var text = Encoding.Latin1.GetString(TestPdfBuilder.BuildDocument(1)).Replace("/Size 7", "/Size 1000000000", StringComparison.Ordinal);
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(text)));
        StringAssert.Contains(ex.Message, "/Size");
    }

    /// <summary>A huge xref subsection count throws rather than allocating.</summary>
    [TestMethod]
    public void Open_HugeSubsectionCount_ThrowsPdfSyntaxException()
    {
        var text = Encoding.Latin1.GetString(TestPdfBuilder.BuildDocument(1)).Replace("xref\n0 7", "xref\n0 999999999", StringComparison.Ordinal);
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(text)));
    }

    /// <summary>A /Length past the end of the file is repaired and reported, not fatal.</summary>
    [TestMethod]
    public void GetObject_LengthBeyondFile_RepairedWithDiagnostic()
    {
        var bytes = TestPdfBuilder.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            "<< /Length 99999999 >>\nstream\nDATA\nendstream",
        ]);
        var reader = PdfFileReader.Open(bytes);
        var s = (PdfStream)reader.GetObject(3);
        Assert.AreEqual("DATA", Encoding.Latin1.GetString(s.RawData.Span));
        Assert.IsTrue(s.LengthWasRepaired);
        Assert.IsTrue(reader.Diagnostics.Any(d => d.Message.Contains("99999999", StringComparison.Ordinal)));
    }

    /// <summary>Reference cycles (a→b→a, or a stream whose /Length refers to itself) do not hang or overflow.</summary>
    [TestMethod]
    public void Resolve_ReferenceCycles_ThrowOrRepairWithoutHanging()
    {
        var bytes = TestPdfBuilder.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
            "4 0 R",
            "3 0 R",
            "<< /Length 5 0 R >>\nstream\nXY\nendstream",
        ]);
        var reader = PdfFileReader.Open(bytes);
        Assert.ThrowsException<PdfSyntaxException>(() => reader.GetObject(3) is PdfReference r ? reader.Resolve(r) : null);
        Assert.ThrowsException<PdfSyntaxException>(() => reader.GetPageReferences());
        var s = (PdfStream)reader.GetObject(5);
        Assert.AreEqual("XY", Encoding.Latin1.GetString(s.RawData.Span));
        Assert.IsTrue(s.LengthWasRepaired);
    }

    /// <summary>An xref entry pointing at the wrong object throws a clear error.</summary>
    [TestMethod]
    public void GetObject_XrefPointsToWrongObject_ThrowsPdfSyntaxException()
    {
        var text = Encoding.Latin1.GetString(TestPdfBuilder.BuildDocument(1));
        var reader = PdfFileReader.Open(Latin1(text));
        var off1 = reader.GetXrefEntry(1, null, out _)!.Value.Offset;
        var off2 = reader.GetXrefEntry(2, null, out _)!.Value.Offset;
        var swapped = text.Replace($"{off1:D10} 00000 n", $"{off2:D10} 00000 n", StringComparison.Ordinal);
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(swapped)).GetObject(1));
        StringAssert.Contains(ex.Message, "points to object 2");
    }

    /// <summary>Random truncations and byte mutations of hand-built classic files only ever raise PdfSyntaxException.</summary>
    [TestMethod]
    public void Open_FuzzedFiles_OnlyPdfSyntaxException()
    {
        var classic = TestPdfBuilder.BuildDocument(3);
        var writer = new PdfIncrementalWriter(PdfFileReader.Open(classic));
        writer.Add(new PdfDictionary().Set("Extra", PdfString.FromText("x")));
        var updated = writer.Write().Bytes;
        PdfSyntaxProbes.AssertFuzzedCopiesOnlyRaiseSyntaxErrors(classic, updated);
    }
}
