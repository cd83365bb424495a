using System.Text;
using System.Text.Json;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Reuse;

/// <summary>
/// The citizen never brings the same paper twice (Decree 45/2020): a first batch digitizes papers; a second batch's
/// manifest reuses them by id or by kind. Reuse goes through the reuse service (the applicant's own document, unaltered,
/// signatures verified against --trust, valid today), is linked without copying the PDF, counted as reused, and audited;
/// a reuse that cannot be verified is rejected with its reason while the rest of the batch goes on.
/// </summary>
[TestClass]
public sealed class ReuseInBatchTests
{
    private const string CitizenA = "093090001234";
    private const string CitizenB = "093196964405";
    private const string Agency = """ "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" } """;
    private static readonly Dictionary<string, string> Passwords = new() { ["SOHOA_CERT_PASSWORD"] = TestPki.Password };
    private static readonly List<ToolRun> Runs = [];
    private static string _store = null!;
    private static SohoaCli _cli = null!;
    private static JsonDocument _first = null!;
    private static JsonDocument _second = null!;
    private static int _pdfsAfterFirst;
    private static int _pdfsAfterSecond;

    [ClassInitialize]
    public static void ProcessBothBatches(TestContext context)
    {
        _ = context;
        _store = TestEnvironment.NewDirectory("reusestore");
        _cli = new SohoaCli(TestEnvironment.NewDirectory("reusehome"));

        string first = Batch("REUSE-1", $$"""
            { "dossierCode": "000.00.01.H12-261201-0001", "procedureCode": "1.001612", "applicant": { "personalId": "{{CitizenA}}" },
              "documents": [
                { "kind": "birth-certificate", "role": "input", "files": ["a/01.jpg"], "issuedOn": "2020-12-23" },
                { "kind": "identity-card", "role": "input", "files": ["a/02.png"], "issuedOn": "2015-01-01", "validUntil": "2021-01-01" } ] },
            { "dossierCode": "000.00.01.H12-261201-0002", "procedureCode": "1.001612", "applicant": { "personalId": "{{CitizenB}}" },
              "documents": [ { "kind": "household-registration", "role": "input", "files": ["b/01.png"] } ] }
            """, ("a/01.jpg", "0001/01.jpg"), ("a/02.png", "0001/02.png"), ("b/01.png", "0002/01.png"));
        _first = Process(first);
        _pdfsAfterFirst = StoredPdfs();

        string birth = IdOf(_first, "000.00.01.H12-261201-0001", 0);
        string expired = IdOf(_first, "000.00.01.H12-261201-0001", 1);
        string othersDocument = IdOf(_first, "000.00.01.H12-261201-0002", 0);
        string second = Batch("REUSE-2", $$"""
            { "dossierCode": "000.00.01.H12-261202-0001", "procedureCode": "1.000894", "applicant": { "personalId": "{{CitizenA}}" },
              "documents": [
                { "kind": "birth-certificate", "role": "input", "reuse": { "documentId": "{{birth}}" } },
                { "kind": "identity-card", "role": "input", "reuse": { "documentId": "{{expired}}" } },
                { "kind": "household-registration", "role": "input", "reuse": { "documentId": "{{othersDocument}}" } },
                { "kind": "birth-certificate", "role": "input", "reuse": { "documentId": "{{new string('0', 32)}}" } },
                { "kind": "dossier-receipt", "role": "input", "files": ["c/01.png"] } ] },
            { "dossierCode": "000.00.01.H12-261202-0002", "procedureCode": "1.000894", "applicant": { "personalId": "{{CitizenA}}" },
              "documents": [ { "kind": "birth-certificate", "role": "input", "reuse": { "kind": "birth-certificate" } } ] }
            """, ("c/01.png", "0003/01.png"));
        _second = Process(second);
        _pdfsAfterSecond = StoredPdfs();
    }

    [ClassCleanup]
    public static void Dispose()
    {
        _first?.Dispose();
        _second?.Dispose();
    }

    [TestMethod]
    public void Process_ReuseById_LinksTheStoredDocumentWithoutCopyingIt()
    {
        JsonElement reused = Document(_second, "000.00.01.H12-261202-0001", 0);
        JsonElement source = Document(_first, "000.00.01.H12-261201-0001", 0);

        Assert.AreEqual("reused", reused.GetProperty("status").GetString(), reused.ToString());
        Assert.AreEqual(source.GetProperty("documentId").GetString(), reused.GetProperty("reusedFrom").GetString());
        Assert.AreEqual(source.GetProperty("pdfPath").GetString(), reused.GetProperty("pdfPath").GetString(), "the link points at the stored PDF");
        Assert.AreNotEqual(source.GetProperty("documentId").GetString(), reused.GetProperty("documentId").GetString(), "the link is an entry of its own dossier");
        Assert.AreEqual(_pdfsAfterFirst + 1, _pdfsAfterSecond, "only the dossier receipt of the second batch is a new PDF");

        string sidecar = Directory.EnumerateFiles(_store, reused.GetProperty("documentId").GetString() + ".json", SearchOption.AllDirectories).Single();
        StringAssert.Contains(sidecar.Replace('\\', '/'), "/000.00.01.H12-261202-0001/", "the link's sidecar lives in the new dossier");
        using JsonDocument link = JsonDocument.Parse(File.ReadAllBytes(sidecar));
        Assert.AreEqual(source.GetProperty("documentId").GetString(), link.RootElement.GetProperty("reusedFrom").GetString());
    }

    [TestMethod]
    public void Process_ReuseByKind_TakesTheApplicantsNewestValidOne()
    {
        JsonElement reused = Document(_second, "000.00.01.H12-261202-0002", 0);

        Assert.AreEqual("reused", reused.GetProperty("status").GetString(), reused.ToString());
        Assert.AreEqual(IdOf(_first, "000.00.01.H12-261201-0001", 0), reused.GetProperty("reusedFrom").GetString());
        Assert.AreEqual(2, _second.RootElement.GetProperty("totals").GetProperty("reused").GetInt32());
    }

    [TestMethod]
    [DataRow(1, "validity.expired")]
    [DataRow(2, "reuse.other-citizen")]
    [DataRow(3, "reuse.unknown-document")]
    public void Process_ReuseThatCannotBeVerified_IsRejectedWithItsReasonAndField(int index, string rule)
    {
        JsonElement document = Document(_second, "000.00.01.H12-261202-0001", index);

        Assert.AreEqual("rejected", document.GetProperty("status").GetString(), document.ToString());
        JsonElement problem = document.GetProperty("problems").EnumerateArray().Single();
        Assert.AreEqual(rule, problem.GetProperty("rule").GetString(), problem.ToString());
        Assert.AreEqual("REUSE-2", problem.GetProperty("batchId").GetString());
        Assert.AreEqual("000.00.01.H12-261202-0001", problem.GetProperty("dossierCode").GetString());
        StringAssert.StartsWith(problem.GetProperty("field").GetString(), $"dossiers[0].documents[{index}].reuse");
        Assert.IsTrue(problem.GetProperty("message").GetString()!.Length > 20, problem.ToString());
    }

    [TestMethod]
    public void Process_BatchWithRefusedReuses_StoresTheRest()
    {
        Assert.AreEqual("stored", Document(_second, "000.00.01.H12-261202-0001", 4).GetProperty("status").GetString());
    }

    [TestMethod]
    public void Audit_AfterTheBatches_RecordsEveryReuseAndItsOutcomeAndVerifies()
    {
        ToolRun verify = Run("audit", "verify", "--store", _store);
        ToolRun show = Run("audit", "show", "--store", _store, "--json");

        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        using JsonDocument log = SohoaCli.Json(show);
        string[] reuses = log.RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "reuse" && e.GetProperty("dossierCode").GetString()!.StartsWith("000.00.01.H12-261202", StringComparison.Ordinal))
            .Select(e => e.GetProperty("outcome").GetString()!).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "opened", "opened", "refused: reuse.other-citizen", "refused: reuse.unknown-document", "refused: validity.expired" }, reuses);
    }

    [TestMethod]
    public void Open_WithoutTrustAnchors_RefusesBecauseTheSignatureCannotBeTrusted()
    {
        string out_ = Path.Combine(TestEnvironment.NewDirectory("open"), "out.pdf");

        ToolRun run = Run("open", IdOf(_first, "000.00.01.H12-261201-0001", 0), "--store", _store, "--out", out_);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "signature.invalid");
        Assert.IsFalse(File.Exists(out_));
    }

    [TestMethod]
    public void Open_VerifiedDocument_WritesTheStoredBytes()
    {
        string id = IdOf(_first, "000.00.01.H12-261201-0001", 0);
        string out_ = Path.Combine(TestEnvironment.NewDirectory("open"), "out.pdf");

        ToolRun run = Run("open", id, "--store", _store, "--trust", Pki.RootCertificate, "--actor", "officer-1", "--procedure", "1.000894", "--dossier", "000.00.01.H12-261202-0003", "--out", out_);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        string stored = Path.Combine(_store, Document(_first, "000.00.01.H12-261201-0001", 0).GetProperty("pdfPath").GetString()!);
        CollectionAssert.AreEqual(File.ReadAllBytes(stored), File.ReadAllBytes(out_));
    }

    [TestMethod]
    public void Open_StoredPdfWithOneByteChanged_IsRefusedAndTheAuditSaysSo()
    {
        // The household registration is not reused by any other test of this class.
        string id = IdOf(_first, "000.00.01.H12-261201-0002", 0);
        string stored = Path.Combine(_store, Document(_first, "000.00.01.H12-261201-0002", 0).GetProperty("pdfPath").GetString()!);
        byte[] bytes = File.ReadAllBytes(stored);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(stored, bytes);

        ToolRun run = Run("open", id, "--store", _store, "--trust", Pki.RootCertificate, "--out", Path.Combine(TestEnvironment.NewDirectory("open"), "out.pdf"));
        ToolRun show = Run("audit", "show", "--store", _store, "--json");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "integrity.hash-mismatch");
        using JsonDocument log = SohoaCli.Json(show);
        Assert.IsTrue(log.RootElement.GetProperty("entries").EnumerateArray().Any(e =>
            e.GetProperty("action").GetString() == "open" && e.GetProperty("documentId").GetString() == id && e.GetProperty("outcome").GetString() == "refused: integrity.hash-mismatch"), show.Output);
    }

    [TestMethod]
    public void Store_AfterEveryRun_HoldsNoRawPersonalIdOutsideTheDocumentsThemselves()
    {
        // The PDFs and their digitized sidecars hold the papers' own text, which may print the ID; everything else may not.
        var leaks = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(_store, "*", SearchOption.AllDirectories))
        {
            bool document = file.EndsWith(".pdf", StringComparison.Ordinal) || (file.EndsWith(".json", StringComparison.Ordinal) && !file.Contains("/batches/", StringComparison.Ordinal) && !IsLinkSidecar(file));
            string content = document ? string.Empty : Encoding.Latin1.GetString(File.ReadAllBytes(file));
            foreach (string id in new[] { CitizenA, CitizenB })
            {
                if (file.Contains(id, StringComparison.Ordinal) || content.Contains(id, StringComparison.Ordinal))
                {
                    leaks.AppendLine($"{id} in {file}");
                }
            }
        }

        foreach (ToolRun run in Runs)
        {
            foreach (string id in new[] { CitizenA, CitizenB })
            {
                if (run.Output.Contains(id, StringComparison.Ordinal))
                {
                    leaks.AppendLine($"{id} in the output of a sohoa run");
                }
            }
        }

        Assert.AreEqual(0, leaks.Length, leaks.ToString());
    }

    private static bool IsLinkSidecar(string file) => Encoding.UTF8.GetString(File.ReadAllBytes(file)).Contains("\"reusedFrom\": \"", StringComparison.Ordinal);

    private static string Batch(string batchId, string dossiers, params (string Target, string Sample)[] files)
    {
        string batch = TestEnvironment.NewDirectory(batchId.ToLowerInvariant());
        foreach ((string target, string sample) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(batch, target))!);
            File.Copy(Path.Combine(RepositoryPaths.SampleBatch, sample), Path.Combine(batch, target));
        }

        File.WriteAllText(Path.Combine(batch, "batch.json"), $$"""{ "schema": "sohoa.batch/v1", "batchId": "{{batchId}}", {{Agency}}, "dossiers": [ {{dossiers}} ] }""");
        return batch;
    }

    private static JsonDocument Process(string batch)
    {
        ToolRun run = _cli.Run(["process", batch, "--store", _store, "--json", "--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate], Passwords);
        Runs.Add(run);
        return SohoaCli.Json(run);
    }

    private static ToolRun Run(params string[] arguments)
    {
        ToolRun run = _cli.Run(arguments);
        Runs.Add(run);
        return run;
    }

    private static int StoredPdfs() => Directory.EnumerateFiles(_store, "*.pdf", SearchOption.AllDirectories).Count();

    private static JsonElement Document(JsonDocument result, string dossier, int index) =>
        result.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("dossierCode").GetString() == dossier && d.GetProperty("documentIndex").GetInt32() == index);

    private static string IdOf(JsonDocument result, string dossier, int index) =>
        Document(result, dossier, index).GetProperty("documentId").GetString() ?? throw new AssertFailedException($"{dossier} #{index} was not stored: {Document(result, dossier, index)}");
}
