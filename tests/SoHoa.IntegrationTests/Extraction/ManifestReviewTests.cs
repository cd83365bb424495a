using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.Extraction;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Storage;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Extraction;

/// <summary>
/// Issue 12 through the real pipeline (Tesseract, signing, folder store) on the sample batch's first dossier: a
/// manifest that disagrees with the paper gets the document stored and flagged, with both values; nothing is changed.
/// </summary>
[TestClass]
public sealed class ManifestReviewTests
{
    [TestMethod]
    public async Task ProcessBatch_ManifestDisagreesWithThePaper_StoredAndFlaggedWithBothValues()
    {
        string batch = DisagreeingBatch();
        string store = TestEnvironment.NewDirectory("reviewstore");

        using CertificateKey key = CertificateKey.FromPkcs12(TestEnvironment.Pki.OfficerPfx, TestPki.Password);
        await using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(key)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o => o.StoreDirectory = store)
            .BuildServiceProvider();

        BatchResult result = await services.GetRequiredService<DigitizationPipeline>().ProcessBatchAsync(batch);

        Assert.IsTrue(result.Documents.All(d => d.Status == DocumentStatus.Stored), string.Join("; ", result.Documents.SelectMany(d => d.Problems).Select(p => p.Message)));
        DocumentResult certificate = result.Documents.Single(d => d.Kind == "birth-certificate");
        CollectionAssert.AreEquivalent(new[] { "applicant.dateOfBirth", "document.documentNumber" }, certificate.Review.Select(r => r.Field).ToArray());
        FieldReview born = certificate.Review.Single(r => r.Field == "applicant.dateOfBirth");
        Assert.AreEqual(("1990-03-16", "1990-03-15", 1), (born.Manifest, born.Paper, born.Page));
        FieldReview number = certificate.Review.Single(r => r.Field == "document.documentNumber");
        Assert.AreEqual(("124/2020", "123"), (number.Manifest, number.Paper));
        Assert.AreEqual(0, result.Documents.Single(d => d.Kind == "dossier-receipt").Review.Count);

        using JsonDocument json = JsonDocument.Parse(BatchResultJson.Serialize(result));
        Assert.AreEqual(1, json.RootElement.GetProperty("totals").GetProperty("review").GetInt32());
        JsonElement flagged = json.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "birth-certificate");
        JsonElement entry = flagged.GetProperty("review").EnumerateArray().Single(r => r.GetProperty("field").GetString() == "applicant.dateOfBirth");
        Assert.AreEqual("1990-03-16", entry.GetProperty("manifest").GetString());
        Assert.AreEqual("1990-03-15", entry.GetProperty("paper").GetString());

        // The index keeps which fields disagreed, never their values.
        StoredDocument indexed = (await services.GetRequiredService<IDocumentStore>().GetAsync(certificate.DocumentId!))!;
        CollectionAssert.AreEquivalent(new[] { "applicant.dateOfBirth", "document.documentNumber" }, indexed.PaperReview!.Split(','));

        // The sidecar keeps what the paper says, with its evidence; the manifest's values are not written over it.
        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(store, Path.ChangeExtension(certificate.PdfPath!, ".json"))));
        JsonElement fields = sidecar.RootElement.GetProperty("fields");
        Assert.AreEqual("1990-03-15", fields.GetProperty("dateOfBirth").GetProperty("value").GetString());
        Assert.AreEqual("dateOfBirth.label+words", fields.GetProperty("dateOfBirth").GetProperty("rule").GetString());
        Assert.AreEqual("124/2020", sidecar.RootElement.GetProperty("documentNumber").GetString());
        Assert.AreEqual("123", fields.GetProperty("documentNumber").GetProperty("value").GetString());
    }

    [TestMethod]
    public void ProcessCommand_ManifestDisagreesWithThePaper_SummaryNamesTheFieldAndBothValues()
    {
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("reviewhome")).Run(
            ["process", DisagreeingBatch(), "--store", TestEnvironment.NewDirectory("reviewclistore"), "--cert", TestEnvironment.Pki.OfficerPfx],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password });

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardOutput, "0 failed, 0 flagged, 1 to review against the manifest");
        StringAssert.Contains(run.StandardOutput, "review applicant.dateOfBirth (page 1): the manifest says '1990-03-16', the paper '1990-03-15'");
        StringAssert.Contains(run.StandardOutput, "review document.documentNumber (page 1): the manifest says '124/2020', the paper '123'");
    }

    /// <summary>The sample's first dossier, with a date of birth and a document number that disagree with its birth certificate.</summary>
    private static string DisagreeingBatch()
    {
        string batch = TestEnvironment.NewDirectory("reviewbatch");
        JsonNode manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.SampleBatch, "batch.json")))!;
        JsonNode dossier = manifest["dossiers"]![0]!.DeepClone();
        dossier["applicant"]!["dateOfBirth"] = "1990-03-16";    // the paper says 15/03/1990
        dossier["documents"]![0]!["documentNumber"] = "124/2020"; // the paper says Số: 123
        manifest["dossiers"] = new JsonArray(dossier);
        File.WriteAllText(Path.Combine(batch, "batch.json"), manifest.ToJsonString());
        foreach (JsonNode? document in dossier["documents"]!.AsArray())
        {
            string file = document!["files"]![0]!.GetValue<string>();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(batch, file))!);
            File.Copy(Path.Combine(RepositoryPaths.SampleBatch, file), Path.Combine(batch, file));
        }

        return batch;
    }
}
