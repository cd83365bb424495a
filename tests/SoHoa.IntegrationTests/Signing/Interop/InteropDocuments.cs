using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Signing.Interop;

/// <summary>Documents the interop samples start from, besides <see cref="SigningSupport.Document"/>.</summary>
internal static class InteropDocuments
{
    /// <summary>The field that <see cref="PreparedFields"/> prepares as one dictionary, field and widget merged.</summary>
    public const string MergedField = "Officer";

    /// <summary>The field that <see cref="PreparedFields"/> prepares with its widget as a separate kid.</summary>
    public const string KidField = "Seal";

    /// <summary>
    /// A one-page document prepared for signing, as a form designer leaves it: two empty signature fields listed in the
    /// form's /Fields and the page's /Annots, <see cref="MergedField"/> with its widget merged into the field and
    /// <see cref="KidField"/> with its widget as a kid, each with a visible box on the page and an empty appearance of its own.
    /// </summary>
    public static byte[] PreparedFields()
    {
        string emptyAppearance = TestPdfBuilder.Stream(string.Empty, "/Type /XObject /Subtype /Form /BBox [0 0 240 48] ");
        var bodies = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R /AcroForm 8 0 R >>",                                                              // 1
            "<< /Type /Pages /Kids [5 0 R] /Count 1 >>",                                                                       // 2
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",                                                          // 3
            "<< /Producer (SoHoa interop tests) /Title (Prepared for signing) >>",                                             // 4
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R /Annots [9 0 R 11 0 R] >>", // 5
            TestPdfBuilder.Stream("BT /F1 24 Tf 72 700 Td (Page 1) Tj ET BT /F1 12 Tf 36 200 Td (Officer:) Tj ET BT /F1 12 Tf 320 200 Td (Seal:) Tj ET"), // 6
            emptyAppearance,                                                                                                   // 7
            "<< /Fields [9 0 R 10 0 R] /DA (/Helv 0 Tf 0 g) >>",                                                               // 8
            $"<< /FT /Sig /T ({MergedField}) /Type /Annot /Subtype /Widget /Rect [36 140 276 188] /F 4 /P 5 0 R /AP << /N 7 0 R >> >>", // 9
            $"<< /FT /Sig /T ({KidField}) /Kids [11 0 R] >>",                                                                  // 10
            "<< /Type /Annot /Subtype /Widget /Parent 10 0 R /Rect [320 140 560 188] /F 4 /P 5 0 R /AP << /N 12 0 R >> >>",    // 11
            emptyAppearance,                                                                                                   // 12
        };
        return TestPdfBuilder.Build(bodies, "/Root 1 0 R /Info 4 0 R /ID [<8899AABBCCDDEEFF0011223344556677> <8899AABBCCDDEEFF0011223344556677>]");
    }

    /// <summary>
    /// <paramref name="pdf"/> rewritten by qpdf with object streams and a cross-reference stream (as PDF 1.5+ writers
    /// save), so that the signing tools append their updates to a file whose xref is a stream.
    /// </summary>
    public static byte[] WithObjectStreams(byte[] pdf)
    {
        string input = SigningSupport.Save(pdf, "plain.pdf");
        string output = Path.Combine(Path.GetDirectoryName(input)!, "objstm.pdf");
        ExternalTool.Succeed("qpdf", "--object-streams=generate", "--deterministic-id", input, output);
        byte[] converted = File.ReadAllBytes(output);
        Assert.AreEqual(PdfXrefKind.Stream, PdfFileReader.Open(converted).LatestRevision.Kind, "qpdf did not write a cross-reference stream");
        return converted;
    }
}
