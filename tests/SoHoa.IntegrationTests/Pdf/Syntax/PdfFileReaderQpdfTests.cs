using System.Text;
using SoHoa.Pdf.Syntax;

using SoHoa.Tests.Pdf.Syntax;

using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfFileReader"/> against qpdf-produced files.</summary>
[TestClass]
public sealed class PdfFileReaderQpdfTests
{
    private static void AssertDocumentReadable(PdfFileReader reader, int pageCount)
    {
        var catalog = reader.GetCatalog();
        Assert.IsTrue(catalog.IsOfType("Catalog"));
        var pages = reader.GetPageReferences();
        Assert.AreEqual(pageCount, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = (PdfDictionary)reader.Resolve(pages[i]);
            Assert.IsTrue(page.IsOfType("Page"));
            var contents = page.GetStream("Contents", reader)!;
            StringAssert.Contains(Encoding.Latin1.GetString(reader.DecodeStream(contents)), $"(Page {i + 1})");
        }

        Assert.AreEqual("Helvetica", ((PdfDictionary)reader.Resolve(pages[0])).GetDictionary("Resources", reader)!
            .GetDictionary("Font", reader)!.GetDictionary("F1", reader)!.GetName("BaseFont")!.Value);
    }

    /// <summary>The hand-built test documents used by the fast tests are valid according to qpdf.</summary>
    [TestMethod]
    public void Check_HandBuiltDocument_QpdfAccepts()
    {
        var check = QpdfVariants.Check(TestPdfBuilder.BuildDocument(3));
        Assert.AreEqual(0, check.ExitCode, check.StandardOutput + check.StandardError);
    }

    /// <summary>qpdf's xref-stream + object-stream output is fully readable and matches qpdf's own xref view.</summary>
    [TestMethod]
    public void Open_QpdfObjectStreams_ResolvesCompressedObjectsLikeQpdf()
    {
        var bytes = QpdfVariants.ObjectStreams(TestPdfBuilder.BuildDocument(4));
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(PdfXrefKind.Stream, reader.LatestRevision.Kind);
        Assert.AreEqual(1, reader.Revisions.Count);
        AssertDocumentReadable(reader, 4);
        var qpdfXref = QpdfVariants.ShowXref(bytes);
        var compressedSeen = 0;
        foreach (var (num, (compressed, a, b)) in qpdfXref)
        {
            var entry = reader.GetXrefEntry(num, null, out _)!.Value;
            if (compressed)
            {
                compressedSeen++;
                Assert.AreEqual(PdfXrefEntryType.Compressed, entry.Type, $"object {num}");
                Assert.AreEqual(a, entry.ObjectStreamNumber);
                Assert.AreEqual(b, entry.IndexInStream);
                Assert.AreEqual((int)a, reader.GetIndirectObject(num)!.ObjectStreamNumber);
            }
            else
            {
                Assert.AreEqual(PdfXrefEntryType.InUse, entry.Type, $"object {num}");
                Assert.AreEqual(a, entry.Offset);
            }

            Assert.IsNotInstanceOfType<PdfNull>(reader.GetObject(num), $"object {num}");
        }

        Assert.IsTrue(compressedSeen > 0, "qpdf should have compressed some objects");
    }

    /// <summary>qpdf QDF output (classic table) is readable.</summary>
    [TestMethod]
    public void Open_QpdfQdf_FindsAllPages()
    {
        var bytes = QpdfVariants.Qdf(TestPdfBuilder.BuildDocument(2));
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(PdfXrefKind.Table, reader.LatestRevision.Kind);
        AssertDocumentReadable(reader, 2);
    }

    /// <summary>A linearized file (two xref sections) reads as one revision ending at end of file.</summary>
    [TestMethod]
    public void Open_Linearized_MergesSectionsIntoOneRevision()
    {
        var bytes = QpdfVariants.Linearized(TestPdfBuilder.BuildDocument(3));
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(1, reader.Revisions.Count);
        Assert.AreEqual(2, reader.LatestRevision.SectionOffsets.Count);
        Assert.AreEqual(bytes.Length, reader.LatestRevision.EndOffset);
        AssertDocumentReadable(reader, 3);
    }

    /// <summary>A hybrid file (table + /XRefStm) finds objects listed only in the xref stream.</summary>
    [TestMethod]
    public void Open_HybridFile_UsesXRefStmEntries()
    {
        // Object 4 lives only in an object stream (object 5) described by an xref stream (object 6).
        var sb = new StringBuilder("%PDF-1.5\n");
        var offsets = new Dictionary<int, int>();
        void Obj(int n, string body)
        {
            offsets[n] = sb.Length;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{n} 0 obj\n{body}\nendobj\n");
        }

        Obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
        Obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources 4 0 R >>");
        const string objStmBody = "4 0 << /Hidden true >>";
        Obj(5, TestPdfBuilder.Stream(objStmBody, "/Type /ObjStm /N 1 /First 4 "));
        byte[] xrefData = [2, 0, 5, 0];
        var xrefStmOffset = sb.Length;
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Index [4 1] /Length 4 >>\nstream\n");
        sb.Append(Encoding.Latin1.GetString(xrefData)).Append("\nendstream\nendobj\n");
        var xref = sb.Length;
        sb.Append("xref\n0 7\n0000000000 65535 f\r\n");
        for (var n = 1; n <= 6; n++)
        {
            sb.Append(n is 4 or 6 ? "0000000000 00000 f\r\n" : $"{offsets[n]:D10} 00000 n\r\n");
        }

        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size 7 /Root 1 0 R /XRefStm {xrefStmOffset} >>\nstartxref\n{xref}\n%%EOF\n");
        var bytes = Encoding.Latin1.GetBytes(sb.ToString());
        Assert.AreEqual(0, QpdfVariants.Check(bytes).ExitCode, QpdfVariants.Check(bytes).StandardOutput);
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(PdfXrefKind.Hybrid, reader.LatestRevision.Kind);
        var page = (PdfDictionary)reader.GetObject(3);
        Assert.AreEqual(true, page.GetDictionary("Resources", reader)!.GetBool("Hidden"));
        Assert.AreEqual(5, reader.GetIndirectObject(4)!.ObjectStreamNumber);
    }
}
