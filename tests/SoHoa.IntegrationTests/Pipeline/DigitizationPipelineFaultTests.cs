using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoHoa.Imaging;
using SoHoa.IntegrationTests.Support;
using SoHoa.Ocr;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Storage;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Pipeline;

/// <summary>Faults the real parts cannot be made to produce on demand: an OCR engine that crashes on one page.</summary>
[TestClass]
public sealed class DigitizationPipelineFaultTests
{
    [TestMethod]
    public async Task ProcessBatch_OcrFailsOnOneDocument_RecordsItAsFailedAndStoresTheRest()
    {
        string store = TestEnvironment.NewDirectory("faultstore");
        using CertificateKey key = CertificateKey.FromPkcs12(TestEnvironment.Pki.OfficerPfx, TestPki.Password);
        string poisoned = SampleBatchFile(1);
        using var logs = new CapturedLogs();
        await using ServiceProvider services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddSingleton<ISignatureKey>(key)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o => o.StoreDirectory = store)
            .AddSingleton<IPageRecognizer>(sp => new FailingRecognizer(new SoHoa.Ocr.Tesseract.TesseractEnginePool(new OcrOptions()), poisoned))
            .BuildServiceProvider();

        BatchResult result = await services.GetRequiredService<DigitizationPipeline>().ProcessBatchAsync(RepositoryPaths.SampleBatch);

        DocumentResult failed = result.Documents.Single(d => d.Status == DocumentStatus.Failed);
        StringAssert.Contains(failed.Problems.Single().Message, "engine crashed");
        Assert.AreEqual(poisoned, failed.Problems.Single().File);
        Assert.AreEqual(result.Documents.Count - 1, result.Count(DocumentStatus.Stored));
        var logged = logs.Entries.Single(e => e.Event.Id == 1004);
        Assert.IsInstanceOfType<SoHoaException>(logged.Exception, "the exception object itself is logged, with its stack, not only its message");
        StringAssert.Contains(logged.Exception!.StackTrace, nameof(FailingRecognizer));
    }

    [TestMethod]
    public async Task ProcessBatch_FileOverTheSizeLimit_IsRejectedWhereItIsReadAndTheRestStored()
    {
        string store = TestEnvironment.NewDirectory("sizestore");
        using CertificateKey key = CertificateKey.FromPkcs12(TestEnvironment.Pki.OfficerPfx, TestPki.Password);
        string largest = Directory.EnumerateFiles(RepositoryPaths.SampleBatch, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "batch.json").OrderByDescending(f => new FileInfo(f).Length).First();
        long limit = new FileInfo(largest).Length - 1;
        await using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(key)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = store;
                o.Imaging.MaxFileBytes = limit;
            })
            .BuildServiceProvider();

        BatchResult result = await services.GetRequiredService<DigitizationPipeline>().ProcessBatchAsync(RepositoryPaths.SampleBatch);

        string relative = Path.GetRelativePath(RepositoryPaths.SampleBatch, largest).Replace('\\', '/');
        DocumentResult rejected = result.Documents.Single(d => d.Problems.Any(p => p.File == relative));
        Assert.AreEqual(DocumentStatus.Rejected, rejected.Status);
        Assert.AreEqual("file.size", rejected.Problems.Single().Rule);
        StringAssert.Contains(rejected.Problems.Single().Message, relative);
        Assert.IsTrue(result.Documents.Where(d => d != rejected).All(d => d.Status == DocumentStatus.Stored),
            string.Join("; ", result.Documents.SelectMany(d => d.Problems).Select(p => $"{p.File}: {p.Rule}")));
    }

    [TestMethod]
    public void AddSoHoa_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        using ServiceProvider services = new ServiceCollection()
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o =>
            {
                o.StoreDirectory = string.Empty;
                o.Ocr.Languages = "vie;rm -rf";
                o.Ocr.EngineCount = 0;
                o.Imaging.MaxPixelsPerPage = 0;
            })
            .BuildServiceProvider();

        var error = Assert.ThrowsExactly<SoHoaException>(() => services.GetRequiredService<DigitizationPipeline>());

        StringAssert.Contains(error.Message, "StoreDirectory");
        StringAssert.Contains(error.Message, "Languages");
        StringAssert.Contains(error.Message, "EngineCount");
        StringAssert.Contains(error.Message, "MaxPixelsPerPage");
    }

    private static string SampleBatchFile(int dossier)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.SampleBatch, "batch.json")));
        return manifest.RootElement.GetProperty("dossiers")[dossier].GetProperty("documents")[0].GetProperty("files")[0].GetString()!;
    }

    /// <summary>Recognizes with the real engine, except that it throws on pages of one file, as a crashing engine would.</summary>
    private sealed class FailingRecognizer(IPageRecognizer inner, string poisonedFile) : IPageRecognizer
    {
        public string Description => inner.Description;

        public Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default) =>
            page.Source.File == poisonedFile
                ? throw new SoHoaException(SoHoaErrorCode.Ocr, "The OCR engine crashed on this page.", isTransient: true)
                : inner.RecognizeAsync(page, cancellationToken);
    }
}
