using System.Text;
using SoHoa.Pdf.Syntax;

using SoHoa.Tests.Pdf.Syntax;

using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Pdf.Syntax;

/// <summary>Incremental updates written by <see cref="PdfIncrementalWriter"/> checked with qpdf --check and pdftotext.</summary>
[TestClass]
public sealed class PdfIncrementalWriterQpdfTests
{
    private static void AssertQpdfCheckPasses(byte[] pdf)
    {
        var check = QpdfVariants.Check(pdf);
        Assert.AreEqual(0, check.ExitCode, $"qpdf --check failed:\n{check.StandardOutput}\n{check.StandardError}");
    }

    /// <summary>Updating a classic file appends a valid classic-xref revision that qpdf and pdftotext accept.</summary>
    [TestMethod]
    public void Write_ClassicOriginal_AppendsValidRevision()
    {
        var original = TestPdfBuilder.BuildDocument(2);
        var update = PdfSyntaxProbes.ReplaceFirstPageText(original, "Updated text", out _);
        var bytes = update.Bytes;
        PdfSyntaxProbes.AssertIsPrefix(original, bytes);
        Assert.AreEqual(original.Length, update.UpdateStart);
        AssertQpdfCheckPasses(bytes);
        StringAssert.Contains(QpdfVariants.PdfToText(bytes), "Updated text");

        // The structure of the update (revisions, /Prev, /Size, /ID, spans) is checked by the fast tests in
        // SoHoa.Tests; here the independent tools judge the file.
        Assert.AreEqual(2, PdfFileReader.Open(bytes).Revisions.Count);
    }

    /// <summary>Updating an xref-stream file writes an xref stream, which qpdf accepts.</summary>
    [TestMethod]
    public void Write_XrefStreamOriginal_AppendsXrefStreamRevision()
    {
        var original = QpdfVariants.ObjectStreams(TestPdfBuilder.BuildDocument(3));
        var update = PdfSyntaxProbes.ReplaceFirstPageText(original, "Stream update", out var added);
        PdfSyntaxProbes.AssertIsPrefix(original, update.Bytes);
        AssertQpdfCheckPasses(update.Bytes);
        StringAssert.Contains(QpdfVariants.PdfToText(update.Bytes), "Stream update");

        var reader = PdfFileReader.Open(update.Bytes);
        Assert.AreEqual(2, reader.Revisions.Count);
        Assert.AreEqual(PdfXrefKind.Stream, reader.Revisions[1].Kind);
        Assert.IsTrue(reader.Revisions[1].DefinedObjectNumbers.Contains(added.ObjectNumber));
        Assert.AreEqual(3, reader.Revisions[1].DefinedObjectNumbers.Count, "page, new content, xref stream itself");
        Assert.AreEqual(3, reader.GetPageReferences().Count);
        Assert.AreEqual(3, reader.GetPageReferences(0).Count);
    }

    /// <summary>Forcing a classic table after an xref-stream revision also passes qpdf --check.</summary>
    [TestMethod]
    public void Write_XrefStreamOriginalWithClassicTable_QpdfAccepts()
    {
        var original = QpdfVariants.ObjectStreams(TestPdfBuilder.BuildDocument(1));
        var reader = PdfFileReader.Open(original);
        var writer = new PdfIncrementalWriter(reader) { UseXrefStream = false };
        var info = new PdfDictionary().Set("Producer", PdfString.FromText("SoHoa"));
        writer.SetTrailerEntry("Info", writer.Add(info));
        var bytes = writer.Write().Bytes;
        AssertQpdfCheckPasses(bytes);
        var updated = PdfFileReader.Open(bytes);
        Assert.AreEqual("SoHoa", updated.GetTrailer().GetDictionary("Info", updated)!.GetString("Producer")!.ToText());
    }

    /// <summary>Two successive updates give three revisions whose end offsets are the successive file lengths.</summary>
    [TestMethod]
    public void Write_TwoSuccessiveUpdates_ThreeRevisionsWithPrefixEnds()
    {
        var v1 = TestPdfBuilder.BuildDocument(1);
        var v2 = PdfSyntaxProbes.ReplaceFirstPageText(v1, "Second", out _).Bytes;
        var v3 = PdfSyntaxProbes.ReplaceFirstPageText(v2, "Third", out var third).Bytes;
        PdfSyntaxProbes.AssertIsPrefix(v2, v3);
        AssertQpdfCheckPasses(v3);
        var reader = PdfFileReader.Open(v3);
        Assert.AreEqual(3, reader.Revisions.Count);
        CollectionAssert.AreEqual(new long[] { v1.Length, v2.Length, v3.Length }, reader.Revisions.Select(r => r.EndOffset).ToArray());
        Assert.AreEqual(8, third.ObjectNumber);
        StringAssert.Contains(QpdfVariants.PdfToText(v3), "Third");
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
        AssertQpdfCheckPasses(update.Bytes);
        var reader = PdfFileReader.Open(update.Bytes);
        Assert.AreEqual(original.Length + 1, reader.Revisions[0].EndOffset, "the EOL after %%EOF belongs to the revision's %%EOF line");
    }

    /// <summary>An update to a linearized file is valid.</summary>
    [TestMethod]
    public void Write_LinearizedOriginal_QpdfAccepts()
    {
        var original = QpdfVariants.Linearized(TestPdfBuilder.BuildDocument(2));
        var update = PdfSyntaxProbes.ReplaceFirstPageText(original, "Linearized update", out _);
        var check = QpdfVariants.Check(update.Bytes);
        Assert.AreNotEqual(2, check.ExitCode, $"qpdf --check reported errors:\n{check.StandardOutput}\n{check.StandardError}");
        var reader = PdfFileReader.Open(update.Bytes);
        Assert.AreEqual(2, reader.Revisions.Count);
        StringAssert.Contains(QpdfVariants.PdfToText(update.Bytes), "Linearized update");
    }
}
