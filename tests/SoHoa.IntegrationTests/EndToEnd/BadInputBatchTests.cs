using System.Text.Json;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// Every kind of bad input the foundation names gets a clear error naming batch, dossier, file and field,
/// the rest of the batch is stored, and the process never crashes.
/// </summary>
[TestClass]
public sealed class BadInputBatchTests
{
    private static string _batch = null!;
    private static string _store = null!;
    private static ToolRun _run = null!;
    private static JsonDocument _result = null!;

    [ClassInitialize]
    public static void ProcessBadBatchOnce(TestContext context)
    {
        _ = context;
        _batch = TestEnvironment.NewDirectory("badbatch");
        _store = TestEnvironment.NewDirectory("badstore");
        string page = SampleBatchTests.FirstFile();
        byte[] good = File.ReadAllBytes(Path.Combine(RepositoryPaths.SampleBatch, page));
        string extension = Path.GetExtension(page);
        Write("good" + extension, good);
        Write("empty.png", []);
        Write("truncated" + extension, good[..(good.Length / 2)]);
        Write("jpeg-named-png.png", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1]);
        Write("text.png", "this is not an image"u8.ToArray());
        File.WriteAllText(Path.Combine(_batch, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "BAD-1",
              "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [
                { "dossierCode": "000.00.01.H12-261122-0001", "procedureCode": "1.001612",
                  "applicant": { "personalId": "093090001234" },
                  "documents": [
                    { "kind": "birth-certificate", "role": "input", "files": ["good{{extension}}"] },
                    { "kind": "decision", "role": "result", "files": ["missing.png"] },
                    { "kind": "decision", "role": "result", "files": ["../../etc/passwd"] },
                    { "kind": "decision", "role": "result", "files": ["empty.png"] },
                    { "kind": "decision", "role": "result", "files": ["truncated{{extension}}"] },
                    { "kind": "decision", "role": "result", "files": ["jpeg-named-png.png"] },
                    { "kind": "decision", "role": "result", "files": ["text.png"] } ] },
                { "dossierCode": "000.00.01.H12-261122-0002", "procedureCode": "1.001612",
                  "applicant": { "personalId": "09309000123X" },
                  "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["good{{extension}}"] } ] },
                { "dossierCode": "000.00.01.H12-261399-0003", "procedureCode": "1.001612",
                  "applicant": { "personalId": "093090001234" },
                  "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["good{{extension}}"] } ] },
                { "dossierCode": "000.00.01.H12-261122-0004", "procedureCode": "1.01612",
                  "applicant": { "personalId": "093090001234" },
                  "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["good{{extension}}"] } ] },
                { "dossierCode": "000.00.01.H12-261122-0005", "procedureCode": "1.001612",
                  "applicant": { "personalId": "001305123456" },
                  "documents": [ { "kind": "decision", "role": "result", "files": ["good{{extension}}"] } ] },
                { "dossierCode": "000.00.01.H12-261122-0005", "procedureCode": "1.001612",
                  "applicant": { "personalId": "001305123456" },
                  "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["good{{extension}}"] } ] } ] }
            """);
        _run = new SohoaCli(TestEnvironment.NewDirectory("badhome"))
            .RunWithCertificate(TestEnvironment.Pki.OfficerPfx, "process", _batch, "--store", _store, "--json");
        _result = SohoaCli.Json(_run);
    }

    [ClassCleanup]
    public static void Dispose() => _result?.Dispose();

    [TestMethod]
    public void Process_BadBatch_ExitsOneWithoutCrashingAndStoresTheGoodDocument()
    {
        Assert.AreEqual(1, _run.ExitCode, _run.Output);
        JsonElement good = Document("000.00.01.H12-261122-0001", 0);
        Assert.AreEqual("stored", good.GetProperty("status").GetString(), _run.StandardOutput);
        Assert.AreEqual(1, Directory.GetFiles(_store, "*.pdf", SearchOption.AllDirectories).Length);
    }

    [TestMethod]
    [DataRow(1, "file.missing", "missing.png")]
    [DataRow(2, "file.path", "../../etc/passwd")]
    [DataRow(3, "file.empty", "empty.png")]
    [DataRow(4, "image.truncated", "truncated")]
    [DataRow(5, "file.format", "jpeg-named-png.png")]
    [DataRow(6, "file.format", "text.png")]
    public void Process_BadFile_RejectsThatDocumentNamingBatchDossierFileAndField(int index, string rule, string file)
    {
        JsonElement document = Document("000.00.01.H12-261122-0001", index);
        JsonElement problem = document.GetProperty("problems").EnumerateArray().Single();

        Assert.AreEqual("rejected", document.GetProperty("status").GetString());
        Assert.AreEqual(rule, problem.GetProperty("rule").GetString(), problem.ToString());
        Assert.AreEqual("BAD-1", problem.GetProperty("batchId").GetString());
        Assert.AreEqual("000.00.01.H12-261122-0001", problem.GetProperty("dossierCode").GetString());
        StringAssert.StartsWith(problem.GetProperty("file").GetString(), file);
        StringAssert.StartsWith(problem.GetProperty("field").GetString(), $"dossiers[0].documents[{index}].files[0]");
        Assert.IsFalse(string.IsNullOrWhiteSpace(problem.GetProperty("message").GetString()));
    }

    [TestMethod]
    [DataRow("000.00.01.H12-261122-0002", "personal-id.digits", "dossiers[1].applicant.personalId")]
    [DataRow("000.00.01.H12-261399-0003", "dossier-code.date", "dossiers[2].dossierCode")]
    [DataRow("000.00.01.H12-261122-0004", "procedure-code.format", "dossiers[3].procedureCode")]
    public void Process_InvalidIdentifier_RejectsTheDossierNamingTheField(string dossier, string rule, string field)
    {
        JsonElement problem = Document(dossier, 0).GetProperty("problems").EnumerateArray().Single();

        Assert.AreEqual(rule, problem.GetProperty("rule").GetString());
        Assert.AreEqual(field, problem.GetProperty("field").GetString());
        Assert.AreEqual("BAD-1", problem.GetProperty("batchId").GetString());
    }

    [TestMethod]
    public void Process_SameDossierCodeTwice_RejectsBoth()
    {
        JsonElement[] duplicates = _result.RootElement.GetProperty("documents").EnumerateArray()
            .Where(d => d.GetProperty("dossierCode").GetString() == "000.00.01.H12-261122-0005").ToArray();

        Assert.AreEqual(2, duplicates.Length);
        Assert.IsTrue(duplicates.All(d => d.GetProperty("problems")[0].GetProperty("rule").GetString() == "dossier-code.duplicate"));
    }

    [TestMethod]
    public void Process_BadBatch_ResultNeverHoldsARawPersonalId()
    {
        Assert.IsFalse(_run.StandardOutput.Contains("09309000123X", StringComparison.Ordinal));
        string resultFile = Directory.GetFiles(Path.Combine(_store, "batches"), "result.json", SearchOption.AllDirectories).Single();
        Assert.IsFalse(File.ReadAllText(resultFile).Contains("093090001234", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow(null, "manifest.missing")]
    [DataRow("{ not json", "manifest.json")]
    [DataRow("{ \"schema\": \"sohoa.batch/v2\" }", "manifest.schema")]
    public void Process_UnreadableManifest_ExplainsAndDoesNotCrash(string? manifest, string rule)
    {
        string batch = TestEnvironment.NewDirectory("nomanifest");
        if (manifest is not null)
        {
            File.WriteAllText(Path.Combine(batch, "batch.json"), manifest);
        }

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("h")).RunWithCertificate(
            TestEnvironment.Pki.OfficerPfx, "process", batch, "--store", TestEnvironment.NewDirectory("s"), "--json");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        using JsonDocument result = SohoaCli.Json(run);
        JsonElement problem = result.RootElement.GetProperty("problems").EnumerateArray().Single();
        Assert.AreEqual(rule, problem.GetProperty("rule").GetString());
        Assert.AreEqual("batch.json", problem.GetProperty("file").GetString());
    }

    [TestMethod]
    public void Process_WrongCertificatePassword_FailsClearlyWithoutLeakingIt()
    {
        var cli = new SohoaCli(TestEnvironment.NewDirectory("pw"));
        ToolRun run = cli.Run(
            ["process", _batch, "--store", TestEnvironment.NewDirectory("s"), "--cert", TestEnvironment.Pki.OfficerPfx],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = "wrong-secret-value" });

        Assert.AreEqual(4, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "password is wrong");
        Assert.IsFalse(run.Output.Contains("wrong-secret-value", StringComparison.Ordinal));
    }

    private static JsonElement Document(string dossier, int index) =>
        _result.RootElement.GetProperty("documents").EnumerateArray()
            .Single(d => d.GetProperty("dossierCode").GetString() == dossier && d.GetProperty("documentIndex").GetInt32() == index);

    private static void Write(string name, byte[] content) => File.WriteAllBytes(Path.Combine(_batch, name), content);
}
