using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfIncrementalWriter"/> checked with this library's own reader (qpdf checks live in the integration tests).</summary>
[TestClass]
public sealed class PdfIncrementalWriterTests
{
    /// <summary>Updating a classic file appends a valid classic-xref revision that qpdf and pdftotext accept.</summary>
    [TestMethod]
    public void Write_ClassicOriginal_AppendsValidRevision()
    {
        var original = TestPdfBuilder.BuildDocument(2);
        var update = PdfSyntaxProbes.ReplaceFirstPageText(original, "Updated text", out var added);
        var bytes = update.Bytes;
        PdfSyntaxProbes.AssertIsPrefix(original, bytes);
        Assert.AreEqual(original.Length, update.UpdateStart);

        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(2, reader.Revisions.Count);
        Assert.AreEqual(original.Length, reader.Revisions[0].EndOffset);
        Assert.AreEqual(bytes.Length, reader.Revisions[1].EndOffset);
        Assert.AreEqual(PdfXrefKind.Table, reader.Revisions[1].Kind);
        Assert.AreEqual(PdfFileReader.Open(original).StartXrefOffset, reader.Trailer.GetInt("Prev"));
        CollectionAssert.AreEquivalent(new[] { 5, added.ObjectNumber }, reader.Revisions[1].DefinedObjectNumbers.ToArray());
        Assert.AreEqual(9, added.ObjectNumber, "new numbers start at the old /Size (9 for a 2-page test document)");
        Assert.AreEqual(10L, reader.Trailer.GetInt("Size"));

        // Old revision still sees the old content; latest sees the new one.
        var oldPage = (PdfDictionary)reader.GetObject(5, 0);
        Assert.AreEqual(new PdfReference(6, 0), oldPage["Contents"]);
        Assert.AreEqual(1, reader.GetIndirectObject(5)!.RevisionIndex);
        Assert.AreEqual(0, reader.GetIndirectObject(5, 0)!.RevisionIndex);
        Assert.AreEqual(update.ObjectSpans[5].Start, reader.GetIndirectObject(5)!.StartOffset);
        Assert.AreEqual(update.ObjectSpans[5].End, reader.GetIndirectObject(5)!.EndOffset + 1, "span includes the final newline");
        Assert.AreEqual(2, reader.GetPageReferences(0).Count);

        // /ID keeps the first element and gets a new second one.
        var oldId = PdfFileReader.Open(original).Trailer.GetArray("ID")!;
        var newId = reader.Trailer.GetArray("ID")!;
        Assert.AreEqual(oldId[0], newId[0]);
        Assert.AreNotEqual(oldId[1], newId[1]);
        Assert.AreEqual(new PdfReference(4, 0), reader.Trailer["Info"]);
    }

    /// <summary>Two successive updates give three revisions whose end offsets are the successive file lengths.</summary>
    [TestMethod]
    public void Write_TwoSuccessiveUpdates_ThreeRevisionsWithPrefixEnds()
    {
        var v1 = TestPdfBuilder.BuildDocument(1);
        var v2 = PdfSyntaxProbes.ReplaceFirstPageText(v1, "Second", out _).Bytes;
        var v3 = PdfSyntaxProbes.ReplaceFirstPageText(v2, "Third", out var third).Bytes;
        PdfSyntaxProbes.AssertIsPrefix(v2, v3);
        var reader = PdfFileReader.Open(v3);
        Assert.AreEqual(3, reader.Revisions.Count);
        CollectionAssert.AreEqual(new long[] { v1.Length, v2.Length, v3.Length }, reader.Revisions.Select(r => r.EndOffset).ToArray());
        Assert.AreEqual(8, third.ObjectNumber);
        StringAssert.Contains(Encoding.ASCII.GetString(reader.DecodeStream((PdfStream)reader.GetObject(7, 1))), "Second");
    }

    /// <summary>An original without a final EOL gets one before the update.</summary>
    [TestMethod]
    public void Write_OriginalWithoutFinalEol_InsertsNewline()
    {
        var original = TestPdfBuilder.BuildDocument(1, trailingEol: false);
        Assert.AreEqual((byte)'F', original[^1]);
        var update = PdfSyntaxProbes.ReplaceFirstPageText(original, "EOL", out _);
        PdfSyntaxProbes.AssertIsPrefix(original, update.Bytes);
        Assert.AreEqual((byte)'\n', update.Bytes[original.Length]);
        Assert.AreEqual(original.Length + 1, update.UpdateStart);
        var reader = PdfFileReader.Open(update.Bytes);
        Assert.AreEqual(original.Length + 1, reader.Revisions[0].EndOffset, "the EOL after %%EOF belongs to the revision's %%EOF line");
    }

    /// <summary>Tracked placeholders report exact output spans usable for later patching (signature /Contents).</summary>
    [TestMethod]
    public void Write_TrackedPlaceholder_ReportsExactSpan()
    {
        var original = TestPdfBuilder.BuildDocument(1);
        var reader = PdfFileReader.Open(original);
        var writer = new PdfIncrementalWriter(reader);
        var contents = PdfString.FromHexBytes(new byte[64]);
        var byteRange = PdfArray.OfIntegers(0, 9999999999, 9999999999, 9999999999);
        var sig = new PdfDictionary().Set("Type", PdfName.Sig).Set("ByteRange", byteRange).Set("Contents", contents);
        writer.Track(contents);
        writer.Track(byteRange);
        var sigRef = writer.Add(sig);
        var update = writer.Write();
        var span = update.TrackedSpans[contents];
        Assert.AreEqual("<" + new string('0', 128) + ">", Encoding.ASCII.GetString(update.Bytes, (int)span.Start, (int)span.Length));
        var reread = PdfFileReader.Open(update.Bytes);
        var parsed = ((PdfDictionary)reread.GetObject(sigRef.ObjectNumber)).GetString("Contents")!;
        Assert.AreEqual(span, parsed.Source);
        Assert.AreEqual(update.TrackedSpans[byteRange], ((PdfDictionary)reread.GetObject(sigRef.ObjectNumber)).GetArray("ByteRange")!.Source);
    }

    /// <summary>Misuse of the writer API is rejected.</summary>
    [TestMethod]
    public void Set_NonexistentObjectOrUnsetAllocation_Throws()
    {
        var reader = PdfFileReader.Open(TestPdfBuilder.BuildDocument(1));
        var writer = new PdfIncrementalWriter(reader);
        Assert.ThrowsException<ArgumentException>(() => writer.Set(new PdfReference(500, 0), PdfNull.Instance));
        Assert.ThrowsException<ArgumentException>(() => writer.Set(new PdfReference(1, 3), PdfNull.Instance));
        Assert.ThrowsException<ArgumentException>(() => writer.SetTrailerEntry("Size", new PdfInteger(1)));
        writer.AllocateReference();
        Assert.ThrowsException<InvalidOperationException>(() => writer.Write());
    }
}
