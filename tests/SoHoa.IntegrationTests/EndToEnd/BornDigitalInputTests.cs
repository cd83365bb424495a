using System.Text.Json;
using SoHoa.IntegrationTests.Support;
using SoHoa.Tests.Pdf.Syntax;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// Papers other systems issued arrive born digital: a PDF with a text layer is kept byte for byte and read from its
/// text layer, no OCR; a page with only a scan in it is still OCR'd; a PDF with neither is refused clearly.
/// </summary>
[TestClass]
public sealed class BornDigitalInputTests
{
    private const string Dossier = "000.00.01.H12-261203-0009";
    private static readonly Dictionary<string, byte[]> Inputs = [];
    private static string _store = null!;
    private static JsonDocument _result = null!;

    [ClassInitialize]
    public static void ProcessOnce(TestContext context)
    {
        _ = context;
        string batch = TestEnvironment.NewDirectory("borndigital");
        _store = TestEnvironment.NewDirectory("borndigitalstore");
        Directory.CreateDirectory(Path.Combine(batch, "0009"));

        Write(batch, "0009/text.pdf", TestPdfBuilder.BuildDocument(2));
        string scan = Path.Combine(batch, "scan-only.pdf");
        ExternalTool.Succeed("img2pdf", Path.Combine(RepositoryPaths.SampleBatch, "0001/02.png"), "-o", scan);
        string text = Path.Combine(batch, "one-page.pdf");
        File.WriteAllBytes(text, TestPdfBuilder.BuildDocument(1));
        ExternalTool.Succeed("qpdf", "--empty", "--pages", text, scan, "--", Path.Combine(batch, "0009", "mixed.pdf"));
        Inputs["0009/mixed.pdf"] = File.ReadAllBytes(Path.Combine(batch, "0009", "mixed.pdf"));
        File.Delete(scan);
        File.Delete(text);
        Write(batch, "0009/drawing.pdf", TestPdfBuilder.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            TestPdfBuilder.Stream("0 0 1 rg 100 100 200 200 re f"),
        ]));

        string[] files = ["0009/text.pdf", "0009/mixed.pdf", "0009/drawing.pdf"];
        string documents = string.Join(",\n", files.Select(f => $$"""        { "kind": "decision", "role": "result", "files": ["{{f}}"] }"""));
        File.WriteAllText(Path.Combine(batch, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "BORN-DIGITAL-1",
              "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [ { "dossierCode": "{{Dossier}}", "procedureCode": "1.001612", "applicant": { "personalId": "093090001234" },
                  "documents": [
            {{documents}} ] } ] }
            """);
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("borndigitalhome")).Run(
            ["process", batch, "--store", _store, "--json", "--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password });
        _result = SohoaCli.Json(run);
    }

    [ClassCleanup]
    public static void Dispose() => _result?.Dispose();

    [TestMethod]
    public void Process_UnsignedPdfWithATextLayer_IsKeptByteForByteAndReadWithoutOcr()
    {
        JsonElement document = Document(0);
        Assert.AreEqual("stored", document.GetProperty("status").GetString(), document.ToString());
        string pdf = Path.Combine(_store, document.GetProperty("pdfPath").GetString()!);
        AssertPrefix(Inputs["0009/text.pdf"], File.ReadAllBytes(pdf));

        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(pdf, ".json")));
        JsonElement[] pages = sidecar.RootElement.GetProperty("pages").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "Page 1", "Page 2" }, pages.Select(p => p.GetProperty("text").GetString()).ToArray());
        Assert.IsTrue(pages.All(p => p.GetProperty("textSource").GetString() == "text-layer"));
        Assert.AreEqual(2, document.GetProperty("pageCount").GetInt32());
        StringAssert.Contains(Pdfsig(pdf).StandardOutput, "Signature is Valid.", "SoHoa's signature goes on top of the kept bytes");
        ExternalTool.Succeed("qpdf", "--check", pdf);
    }

    [TestMethod]
    public void Process_PdfWithATextPageAndAScannedPage_ReadsTheFirstFromItsLayerAndOcrsTheSecond()
    {
        JsonElement document = Document(1);
        Assert.AreEqual("stored", document.GetProperty("status").GetString(), document.ToString());
        string pdf = Path.Combine(_store, document.GetProperty("pdfPath").GetString()!);
        AssertPrefix(Inputs["0009/mixed.pdf"], File.ReadAllBytes(pdf));

        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(pdf, ".json")));
        JsonElement[] pages = sidecar.RootElement.GetProperty("pages").EnumerateArray().ToArray();
        Assert.AreEqual(2, pages.Length);
        Assert.AreEqual("text-layer", pages[0].GetProperty("textSource").GetString());
        Assert.AreEqual("Page 1", pages[0].GetProperty("text").GetString());
        Assert.AreEqual("ocr", pages[1].GetProperty("textSource").GetString());
        StringAssert.Contains(pages[1].GetProperty("text").GetString(), "Phụng Hiệp", "the scanned page was read by OCR, Vietnamese in NFC");
        Assert.AreEqual(2, pages[1].GetProperty("sourcePage").GetInt32());
    }

    [TestMethod]
    public void Process_PdfWithNeitherTextNorScan_IsRejectedClearly()
    {
        JsonElement document = Document(2);
        JsonElement problem = document.GetProperty("problems").EnumerateArray().Single();

        Assert.AreEqual("rejected", document.GetProperty("status").GetString(), document.ToString());
        Assert.AreEqual("pdf.no-image", problem.GetProperty("rule").GetString());
        StringAssert.Contains(problem.GetProperty("message").GetString(), "neither a scanned image nor text");
        Assert.AreEqual("0009/drawing.pdf", problem.GetProperty("file").GetString());
    }

    private static void Write(string batch, string relative, byte[] content)
    {
        Inputs[relative] = content;
        File.WriteAllBytes(Path.Combine(batch, relative), content);
    }

    private static JsonElement Document(int index) =>
        _result.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("documentIndex").GetInt32() == index);
}
