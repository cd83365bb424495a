using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfFileReader"/> on hand-built files (no external tools).</summary>
[TestClass]
public sealed class PdfFileReaderTests
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

    /// <summary>A classic file opens with one revision and all pages.</summary>
    [TestMethod]
    public void Open_ClassicFile_FindsRootAndAllPages()
    {
        var bytes = TestPdfBuilder.BuildDocument(3);
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual("1.7", reader.HeaderVersion);
        Assert.AreEqual(1, reader.Revisions.Count);
        Assert.AreEqual(PdfXrefKind.Table, reader.LatestRevision.Kind);
        Assert.AreEqual(bytes.Length, reader.LatestRevision.EndOffset);
        Assert.AreEqual(new PdfReference(1, 0), reader.Trailer["Root"]);
        Assert.AreEqual("Test (doc)", reader.Resolve(reader.Trailer["Info"]!) is PdfDictionary info ? info.GetString("Title")!.ToText() : null);
        AssertDocumentReadable(reader, 3);
        Assert.AreEqual(0, reader.Diagnostics.Count, string.Join("\n", reader.Diagnostics));
    }

    /// <summary>Object spans cover 'n g obj' through 'endobj'.</summary>
    [TestMethod]
    public void GetIndirectObject_ClassicFile_ReportsSpanAndRevision()
    {
        var bytes = TestPdfBuilder.BuildDocument(1);
        var reader = PdfFileReader.Open(bytes);
        var io = reader.GetIndirectObject(2)!;
        var text = Encoding.Latin1.GetString(bytes, (int)io.StartOffset, (int)io.Span.Length);
        Assert.IsTrue(text.StartsWith("2 0 obj", StringComparison.Ordinal), text);
        Assert.IsTrue(text.EndsWith("endobj", StringComparison.Ordinal), text);
        Assert.AreEqual(0, io.RevisionIndex);
        Assert.IsNull(io.ObjectStreamNumber);
        Assert.IsNull(reader.GetIndirectObject(999));
        Assert.AreSame(PdfNull.Instance, reader.GetObject(0));
        var content = (PdfStream)reader.GetObject(6);
        Assert.AreEqual("BT", Encoding.Latin1.GetString(bytes, (int)content.DataOffset, 2));
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
        var reader = PdfFileReader.Open(bytes);
        Assert.AreEqual(PdfXrefKind.Hybrid, reader.LatestRevision.Kind);
        var page = (PdfDictionary)reader.GetObject(3);
        Assert.AreEqual(true, page.GetDictionary("Resources", reader)!.GetBool("Hidden"));
        Assert.AreEqual(5, reader.GetIndirectObject(4)!.ObjectStreamNumber);
    }

    /// <summary>Indirect /Length values are resolved.</summary>
    [TestMethod]
    public void GetObject_StreamWithIndirectLength_ResolvesLength()
    {
        var bytes = TestPdfBuilder.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            "<< /Length 4 0 R >>\nstream\nABCendstreamDEF\nendstream",
            "15",
        ]);
        var reader = PdfFileReader.Open(bytes);
        var s = (PdfStream)reader.GetObject(3);
        Assert.AreEqual("ABCendstreamDEF", Encoding.Latin1.GetString(s.RawData.Span));
        Assert.AreEqual(0, reader.Diagnostics.Count, string.Join("\n", reader.Diagnostics));
        Assert.AreEqual(0, reader.GetPageReferences().Count);
    }
}
