using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// Issue #4's visible appearance in <c>sohoa process</c>: the officer's and the agency seal's signatures each placed
/// where configured, with "Ký bởi" and "Ngày ký", still valid for pdfsig and <c>sohoa verify</c>; a placement that
/// does not fit is a clear error.
/// </summary>
[TestClass]
public sealed class VisibleSignatureProcessTests
{
    private static readonly Dictionary<string, string> Passwords = new() { ["SOHOA_CERT_PASSWORD"] = TestPki.Password, ["SOHOA_SEAL_PASSWORD"] = TestPki.Password };

    [TestMethod]
    public void Process_OfficerTopLeftAndSealBottomRight_BothWidgetsShowVietnameseTextAndVerify()
    {
        (ToolRun run, string store) = Process("--officer-visible", "top-left", "--seal-cert", Pki.SealPfx, "--seal-visible", "bottom-right");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        string pdf = Directory.GetFiles(store, "*.pdf", SearchOption.AllDirectories).Single();
        string text = ExternalTool.Succeed("pdftotext", "-enc", "UTF-8", pdf, "-").StandardOutput.Normalize(NormalizationForm.FormC);
        StringAssert.Contains(text, "Ký bởi: Nguyen Thi Test Officer");
        StringAssert.Contains(text, "Ký bởi: UBND huyen Phung Hiep (Test Seal)");
        Assert.AreEqual(2, text.Split("Ngày ký: ").Length - 1, text);

        PdfFileReader reader = PdfFileReader.Open(File.ReadAllBytes(pdf));
        var page = (PdfDictionary)reader.Resolve(reader.GetPageReferences()[0]);
        double[] media = Numbers(page.GetArray("MediaBox", reader)!, reader);
        double[][] widgets = page.GetArray("Annots", reader)!.Select(a => (PdfDictionary)reader.Resolve(a))
            .Where(w => w.GetName("FT", reader)?.Value == "Sig")
            .Select(w => Numbers(w.GetArray("Rect", reader)!, reader)).ToArray();
        Assert.AreEqual(2, widgets.Length);
        double[] officer = widgets[0], seal = widgets[1];
        AssertBox([36, media[3] - 36 - 48, 36 + 220, media[3] - 36], officer, "the officer's box is 36 points in from the top-left corner");
        AssertBox([media[2] - 36 - 220, 36, media[2] - 36, 36 + 48], seal, "the seal's box is 36 points in from the bottom-right corner");

        ToolRun pdfsig = ExternalTool.Run("pdfsig", "-no-ocsp", "-nssdir", "sql:" + Pki.NssDirectory, pdf);
        Assert.AreEqual(2, pdfsig.StandardOutput.Split("Signature is Valid.").Length - 1, pdfsig.Output);
        Assert.AreEqual(2, pdfsig.StandardOutput.Split("Certificate is Trusted.").Length - 1, pdfsig.Output);
        ToolRun verify = new SohoaCli(TestEnvironment.NewDirectory("vhome")).Run("verify", pdf, "--trust", Pki.RootCertificate);
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        ExternalTool.Succeed("qpdf", "--check", pdf);
    }

    [TestMethod]
    [DataRow("--officer-visible", "3,36,36,200,40", "officer's", "page 3, but the document has 1 page(s)")]
    [DataRow("--seal-visible", "1,5000,36,200,40", "agency seal's", "does not fit on page 1")]
    public void Process_PlacementThatDoesNotFitTheDocument_FailsItClearlyAndStoresNothing(string option, string place, string whose, string why)
    {
        (ToolRun run, string store) = Process(option, place, "--seal-cert", Pki.SealPfx);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        using JsonDocument result = SohoaCli.Json(run);
        JsonElement document = result.RootElement.GetProperty("documents").EnumerateArray().Single();
        JsonElement problem = document.GetProperty("problems").EnumerateArray().Single();
        Assert.AreEqual("failed", document.GetProperty("status").GetString());
        Assert.AreEqual("signature.placement", problem.GetProperty("rule").GetString());
        StringAssert.Contains(problem.GetProperty("message").GetString(), whose);
        StringAssert.Contains(problem.GetProperty("message").GetString(), why);
        Assert.AreEqual(0, Directory.GetFiles(store, "*.pdf", SearchOption.AllDirectories).Length);
    }

    [TestMethod]
    [DataRow("--officer-visible", "1,10,10,-5,40", "--officer-visible")]
    [DataRow("--officer-visible", "middle", "--officer-visible")]
    [DataRow("--seal-visible", "0,10,10,100,40", "--seal-visible: the page is counted from 1")]
    [DataRow("--seal-visible", "top-left", "--seal-cert")]
    public void Process_BadVisibleOption_IsAUsageErrorBeforeAnyWork(string option, string place, string says)
    {
        string store = TestEnvironment.NewDirectory("vbad");
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("vbadhome")).Run(["process", Batch(), "--store", store, "--cert", Pki.OfficerPfx, option, place], Passwords);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, says);
        Assert.IsFalse(Directory.Exists(Path.Combine(store, "batches")), "nothing was processed");
    }

    [TestMethod]
    public void AddSoHoa_UnusablePlacements_ReportedWhenThePipelineIsBuilt()
    {
        SoHoaException error = BuildPipeline(o =>
        {
            o.Officer = new SignatureAppearance(0, 10, 10, -1, 40);
            o.Seal = SignatureAppearance.AtCorner(SignatureCorner.BottomRight) with { FontPath = "/nonexistent/font.ttf" };
        });

        StringAssert.Contains(error.Message, "Signing.Officer: the page is counted from 1");
        StringAssert.Contains(error.Message, "Signing.Officer: the box's width and height");
        StringAssert.Contains(error.Message, "Signing.Seal: the appearance font '/nonexistent/font.ttf' does not exist");
    }

    [TestMethod]
    public void AddSoHoa_SealPlacedWithoutASealKey_ReportedWhenThePipelineIsBuilt()
    {
        SoHoaException error = BuildPipeline(o => o.Seal = SignatureAppearance.AtCorner(SignatureCorner.BottomRight));

        StringAssert.Contains(error.Message, "no seal key");
    }

    /// <summary>Builds a pipeline with the officer's key only and the given placements, and returns what building it threw.</summary>
    private static SoHoaException BuildPipeline(Action<SignaturePlacementOptions> place)
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(officer)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = TestEnvironment.NewDirectory("vlib");
                place(o.Signing);
            })
            .BuildServiceProvider();
        return Assert.ThrowsExactly<SoHoaException>(() => services.GetRequiredService<DigitizationPipeline>());
    }

    private static (ToolRun Run, string Store) Process(params string[] options)
    {
        string store = TestEnvironment.NewDirectory("vstore");
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("vhome")).Run(
            ["process", Batch(), "--store", store, "--json", "--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate, .. options], Passwords);
        return (run, store);
    }

    /// <summary>A batch of one single-page document: the sample's first page.</summary>
    private static string Batch()
    {
        string batch = TestEnvironment.NewDirectory("vbatch");
        string page = "page" + Path.GetExtension(SampleBatchTests.FirstFile());
        File.Copy(Path.Combine(RepositoryPaths.SampleBatch, SampleBatchTests.FirstFile()), Path.Combine(batch, page));
        File.WriteAllText(Path.Combine(batch, "batch.json"), SampleBatchTests.OneDocumentManifest(page));
        return batch;
    }

    private static void AssertBox(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 0.01, $"{what}: expected [{string.Join(' ', expected)}], found [{string.Join(' ', actual)}]");
        }
    }

    private static double[] Numbers(PdfArray array, PdfFileReader reader) =>
        Enumerable.Range(0, array.Count).Select(i => array.GetNumber(i, reader)!.Value).ToArray();
}
