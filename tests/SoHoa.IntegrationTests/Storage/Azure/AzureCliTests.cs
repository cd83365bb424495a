using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using SoHoa.Azure.Storage;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// The <c>sohoa</c> command on an Azure store (Azurite): <c>process</c> the bundled sample batch with a connection string
/// as <c>--store</c>, then <c>find</c>, <c>open</c> and <c>audit verify|show</c> behave as on a folder; the keys are
/// required; nothing written holds a personal ID.
/// </summary>
[TestClass]
public sealed class AzureCliTests
{
    private const string Citizen = "093090001234";
    private static readonly string[] SampleCitizens = ["093090001234", "093196964405", "093145497582"];
    private static AzuriteServer _azurite = null!;
    private static AzureStoreOptions _options = null!;
    private static SohoaCli _cli = null!;
    private static string[] _store = null!;
    private static ToolRun _process = null!;
    private static ToolRun _find = null!;
    private static ToolRun _open = null!;
    private static ToolRun _verify = null!;
    private static ToolRun _show = null!;
    private static string _opened = null!;

    [ClassInitialize]
    public static void ProcessSampleIntoAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
        _options = _azurite.StoreOptions(TestEnvironment.NewDirectory("clikeys"), "sample");
        _cli = new SohoaCli(TestEnvironment.NewDirectory("azurehome"));
        _store = ["--store", _options.ConnectionString!, "--container", "sample", "--index-key", _options.IndexKeyFile!, "--audit-key", _options.AuditKeyFile!];
        string trust = TestEnvironment.Pki.RootCertificate;

        _process = _cli.RunWithCertificate(TestEnvironment.Pki.OfficerPfx, ["process", RepositoryPaths.SampleBatch, "--json", .. _store]);
        _find = _cli.Run(["find", "--personal-id", Citizen, "--trust", trust, "--actor", "officer-7", "--json", .. _store]);
        string birth = Documents().First(d => d.GetProperty("kind").GetString() == "birth-certificate" && d.GetProperty("dossierCode").GetString() == "000.00.01.H12-261122-0001")
            .GetProperty("documentId").GetString()!;
        _opened = Path.Combine(TestEnvironment.NewDirectory("opened"), "birth.pdf");
        _open = _cli.Run(["open", birth, "--out", _opened, "--trust", trust, "--actor", "officer-7", "--procedure", "1.000894", "--dossier", "000.00.01.H12-261205-0001", .. _store]);
        _verify = _cli.Run(["audit", "verify", .. _store]);
        _show = _cli.Run(["audit", "show", "--json", .. _store]);
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    [TestMethod]
    public async Task Process_SampleBatchIntoAzurite_StoresEveryDocumentAsBlobsAndIndexRows()
    {
        Assert.AreEqual(0, _process.ExitCode, _process.Output);
        JsonElement[] documents = Documents().ToArray();
        Assert.AreEqual(8, documents.Length);
        Assert.IsTrue(documents.All(d => d.GetProperty("status").GetString() == "stored"), _process.StandardOutput);
        List<string> blobs = await BlobNamesAsync(_options);
        foreach (JsonElement document in documents)
        {
            CollectionAssert.Contains(blobs, document.GetProperty("pdfPath").GetString());
        }

        CollectionAssert.Contains(blobs, "batches/PH-20261122-001/result.json");
        Assert.AreEqual(2 * documents.Length, (await EntitiesAsync(_options)).Count, "the citizen's row and the id row of each document");
        Assert.IsFalse(_process.Output.Contains("AccountKey", StringComparison.Ordinal), "the connection string is never printed");
    }

    [TestMethod]
    public void Find_OnAzure_ListsTheCitizensDocumentsAsReusable()
    {
        Assert.AreEqual(0, _find.ExitCode, _find.Output);
        using JsonDocument found = SohoaCli.Json(_find);
        JsonElement[] documents = found.RootElement.GetProperty("documents").EnumerateArray().ToArray();
        Assert.AreEqual(2, documents.Length, _find.StandardOutput);
        Assert.IsTrue(documents.All(d => d.GetProperty("isReusable").GetBoolean()), _find.StandardOutput);
    }

    [TestMethod]
    public async Task Open_OnAzure_WritesTheVerifiedPdf()
    {
        Assert.AreEqual(0, _open.ExitCode, _open.Output);
        JsonElement birth = Documents().First(d => d.GetProperty("kind").GetString() == "birth-certificate" && d.GetProperty("dossierCode").GetString() == "000.00.01.H12-261122-0001");
        byte[] stored = await ReadBlobAsync(_options, birth.GetProperty("pdfPath").GetString()!);
        CollectionAssert.AreEqual(stored, File.ReadAllBytes(_opened));
    }

    [TestMethod]
    public void Audit_OnAzure_VerifiesAndShowsTheFindAndTheOpen()
    {
        Assert.AreEqual(0, _verify.ExitCode, _verify.Output);
        StringAssert.Contains(_verify.StandardOutput, "intact");
        Assert.AreEqual(0, _show.ExitCode, _show.Output);
        using JsonDocument shown = SohoaCli.Json(_show);
        JsonElement[] entries = shown.RootElement.GetProperty("entries").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { "find", "open" }, entries.Select(e => e.GetProperty("action").GetString()).ToArray());
        Assert.AreEqual("opened", entries[1].GetProperty("outcome").GetString());
        Assert.AreEqual("officer-7", entries[1].GetProperty("actor").GetString());
    }

    [TestMethod]
    public void Process_SameBatchAgain_StoresNothingTwice()
    {
        ToolRun again = _cli.RunWithCertificate(TestEnvironment.Pki.OfficerPfx, ["process", RepositoryPaths.SampleBatch, "--json", .. _store]);

        Assert.AreEqual(0, again.ExitCode, again.Output);
        using JsonDocument result = SohoaCli.Json(again);
        Assert.IsTrue(result.RootElement.GetProperty("documents").EnumerateArray().All(d => d.GetProperty("status").GetString() == "already-stored"), again.StandardOutput);
    }

    [TestMethod]
    public void Report_OnAzure_CountsTheSampleBatchOnceAndTheAuditedOpen()
    {
        // The batch again first: the ledger must count it once whatever order the tests run in.
        ToolRun again = _cli.RunWithCertificate(TestEnvironment.Pki.OfficerPfx, ["process", RepositoryPaths.SampleBatch, "--json", .. _store]);
        Assert.AreEqual(0, again.ExitCode, again.Output);

        ToolRun run = _cli.Run(["report", "--json", .. _store]);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        using JsonDocument report = SohoaCli.Json(run);
        JsonElement total = report.RootElement.GetProperty("total");

        // By hand from the sample manifest: 3 dossiers of November 2026, each with two papers handed in (6 components) and
        // two with a result (2 issued), all stored; the officer's open for procedure 1.000894 serves a December dossier no
        // batch received, so it is a component reused by open and no dossier reused.
        JsonElement f = total.GetProperty("figures");
        Assert.AreEqual(
            (3, 3, 0, 6, 1, 0, 1, 2, 2),
            (f.GetProperty("dossiersReceived").GetInt64(), f.GetProperty("dossiersDigitized").GetInt64(), f.GetProperty("dossiersReused").GetInt64(),
                f.GetProperty("componentsDigitized").GetInt64(), f.GetProperty("componentsReused").GetInt64(), f.GetProperty("componentsReusedInBatches").GetInt64(),
                f.GetProperty("componentsReusedByOpen").GetInt64(), f.GetProperty("resultsIssued").GetInt64(), f.GetProperty("resultsDigitized").GetInt64()),
            run.StandardOutput);
        Assert.AreEqual(8, total.GetProperty("quality").GetProperty("documentsDigitized").GetInt64(), "eight documents, once each");
        Assert.AreEqual(0, total.GetProperty("quality").GetProperty("documentsWithoutPageFigures").GetInt64(), "every sidecar was read from its blob");
        JsonElement agency = report.RootElement.GetProperty("byAgency").EnumerateArray().Single();
        Assert.AreEqual("000.00.01.H12", agency.GetProperty("key").GetString());
        Assert.AreEqual("UBND huyện Phụng Hiệp", agency.GetProperty("label").GetString());
        CollectionAssert.AreEqual(new[] { "2026-11", "2026-12" }, report.RootElement.GetProperty("byMonth").EnumerateArray().Select(m => m.GetProperty("key").GetString()).ToArray());
    }

    [TestMethod]
    public void Worker_OnAzure_RecordsEachBatchForTheReport()
    {
        // The worker registers the store's own ledger: on Azure it used to be null (and the batch went unreported).
        string root = TestEnvironment.NewDirectory("azureinbox");
        CopyDirectory(RepositoryPaths.SampleBatch, Path.Combine(root, "inbox", "sample"));
        string[] store = ["--store", _options.ConnectionString!, "--container", "worker", "--index-key", _options.IndexKeyFile!, "--audit-key", _options.AuditKeyFile!];

        ToolRun worker = _cli.RunWithCertificate(TestEnvironment.Pki.OfficerPfx, ["worker", "--inbox", root, "--exit-when-idle", .. store]);
        ToolRun report = _cli.Run(["report", "--json", .. store]);

        Assert.AreEqual(0, worker.ExitCode, worker.Output);
        Assert.IsTrue(File.Exists(Path.Combine(root, "done", "sample", "result.json")), worker.Output);
        Assert.AreEqual(0, report.ExitCode, report.Output);
        using JsonDocument json = SohoaCli.Json(report);
        JsonElement f = json.RootElement.GetProperty("total").GetProperty("figures");
        Assert.AreEqual((3, 3, 6, 2, 2),
            (f.GetProperty("dossiersReceived").GetInt64(), f.GetProperty("dossiersDigitized").GetInt64(), f.GetProperty("componentsDigitized").GetInt64(),
                f.GetProperty("resultsIssued").GetInt64(), f.GetProperty("resultsDigitized").GetInt64()),
            report.StandardOutput);
    }

    [TestMethod]
    public void AuditVerify_StoreFromTheEnvironment_OpensTheAzureStore()
    {
        ToolRun run = _cli.Run(["audit", "verify", "--container", "sample", "--index-key", _options.IndexKeyFile!, "--audit-key", _options.AuditKeyFile!],
            new Dictionary<string, string> { ["SOHOA_STORE"] = _options.ConnectionString! });

        Assert.AreEqual(0, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardOutput, "intact");
    }

    [TestMethod]
    public void Find_AzureStoreWithoutKeys_IsAUsageErrorNamingThem()
    {
        ToolRun run = _cli.Run("find", "--personal-id", Citizen, "--store", _options.ConnectionString!);

        Assert.AreNotEqual(0, run.ExitCode);
        StringAssert.Contains(run.StandardError, "--index-key <file> is required with an Azure store");
        StringAssert.Contains(run.StandardError, "--audit-key <file> is required with an Azure store");
        Assert.IsFalse(run.Output.Contains("AccountKey", StringComparison.Ordinal), run.Output);
    }

    [TestMethod]
    public void Find_ContainerThatIsNotThere_SaysSo()
    {
        ToolRun run = _cli.Run(["find", "--personal-id", Citizen, .. _store[..2], "--container", "nothing-here", .. _store[4..]]);

        Assert.AreEqual(5, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "There is no document store");
    }

    /// <summary>
    /// Blob names, metadata and tags, the audit log, the batch result, the sidecars (all but the OCR'd text of the pages
    /// and the fields read from it, which are the paper's own content, as the PDF is) and every index row: none holds a
    /// citizen's personal ID.
    /// </summary>
    [TestMethod]
    public async Task Process_SampleBatchIntoAzurite_WritesNoPersonalIdOutsideThePapersThemselves()
    {
        var written = new StringBuilder();
        await foreach (BlobItem item in Container(_options).GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata | BlobTraits.Tags }))
        {
            written.AppendLine(item.Name).AppendJoin('\n', item.Metadata.Concat(item.Tags ?? new Dictionary<string, string>()).Select(p => $"{p.Key}={p.Value}"));
            if (item.Name.EndsWith(".pdf", StringComparison.Ordinal))
            {
                continue;
            }

            string content = Encoding.UTF8.GetString(await ReadBlobAsync(_options, item.Name));
            if (item.Name.EndsWith(".json", StringComparison.Ordinal) && JsonNode.Parse(content) is JsonObject sidecar && sidecar.ContainsKey("pages"))
            {
                sidecar.Remove("pages");
                sidecar.Remove("fields");
                content = sidecar.ToJsonString();
            }

            written.AppendLine(content);
        }

        foreach (TableEntity entity in await EntitiesAsync(_options))
        {
            written.AppendJoin('\n', entity.Select(p => $"{p.Key}={p.Value}")).AppendLine();
        }

        int ledgerRows = 0;
        await foreach (TableEntity entity in new TableClient(_options.ConnectionString, _options.ResolvedReportTableName).QueryAsync<TableEntity>())
        {
            written.AppendLine(entity.PartitionKey + "/" + entity.RowKey).AppendJoin('\n', entity.Select(p => $"{p.Key}={p.Value}")).AppendLine();
            ledgerRows++;
        }

        string all = written.ToString();
        StringAssert.Contains(all, "audit/", "the search sees the audit log");
        Assert.IsTrue(ledgerRows >= 8, "the search sees the report ledger's rows");
        foreach (string id in SampleCitizens)
        {
            Assert.IsFalse(all.Contains(id, StringComparison.Ordinal), $"a personal ID was written:\n{all}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static IEnumerable<JsonElement> Documents()
    {
        using JsonDocument result = SohoaCli.Json(_process);
        return result.RootElement.GetProperty("documents").EnumerateArray().Select(d => d.Clone()).ToArray();
    }
}
