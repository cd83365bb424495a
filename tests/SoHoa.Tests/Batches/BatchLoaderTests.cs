using System.Text.Json.Nodes;
using SoHoa.Batches;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Batches;

[TestClass]
public sealed class BatchLoaderTests
{
    private TempDirectory _batch = null!;

    [TestInitialize]
    public void CreateBatch()
    {
        _batch = new TempDirectory();
        _batch.Write("0001/01.png", TestImages.GrayPng(20, 20));
        _batch.Write("0001/02.png", TestImages.GrayPng(20, 20));
        _batch.Write("0002/01.png", TestImages.GrayPng(20, 20));
    }

    [TestCleanup]
    public void DeleteBatch() => _batch.Dispose();

    [TestMethod]
    public async Task LoadAsync_ValidManifest_MakesOneJobPerDocument()
    {
        WriteManifest(Manifest());

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("PH-20261122-001", plan.BatchId);
        Assert.AreEqual(0, plan.Rejected.Count, string.Join("; ", plan.Rejected.SelectMany(r => r.Problems)));
        Assert.AreEqual(2, plan.Jobs.Count);
        DocumentJob first = plan.Jobs[0];
        Assert.AreEqual("000.00.01.H12-261122-0001", first.DossierCode.Value);
        Assert.AreEqual("093090001234", first.PersonalId.Value);
        Assert.AreEqual(2, first.Files.Count);
        Assert.AreEqual(PageFileFormat.Png, first.Files[0].Format);
        Assert.AreEqual(AgencyLevel.District, plan.Agency!.Level);
    }

    [TestMethod]
    public async Task LoadAsync_NoManifest_IsOneProblemNamingTheFile()
    {
        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(0, plan.Jobs.Count);
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("manifest.missing", problem.Rule);
        Assert.AreEqual("batch.json", problem.File);
    }

    [TestMethod]
    public async Task LoadAsync_NotJson_SaysWhere()
    {
        _batch.Write("batch.json", "{ \"schema\": \"sohoa.batch/v1\", ");

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("manifest.json", problem.Rule);
        StringAssert.Contains(problem.Message, "line");
    }

    [TestMethod]
    public async Task LoadAsync_UnknownSchema_IsRefused()
    {
        JsonObject manifest = Manifest();
        manifest["schema"] = "sohoa.batch/v9";
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(0, plan.Jobs.Count);
        Assert.AreEqual("manifest.schema", plan.Rejected.Single().Problems.Single().Rule);
    }

    [TestMethod]
    [DataRow("../outside.png", "file.path")]
    [DataRow("/etc/passwd", "file.path")]
    [DataRow("0001/../../x.png", "file.path")]
    [DataRow("0001/missing.png", "file.missing")]
    public async Task LoadAsync_BadFilePath_RejectsThatDocumentOnly(string path, string rule)
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![0]!["documents"]![0]!["files"]![1] = path;
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(1, plan.Jobs.Count, "the other dossier's document goes on");
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual(rule, problem.Rule);
        Assert.AreEqual("PH-20261122-001", problem.BatchId);
        Assert.AreEqual("000.00.01.H12-261122-0001", problem.DossierCode);
        Assert.AreEqual(path, problem.File);
        Assert.AreEqual("dossiers[0].documents[0].files[1]", problem.Field);
    }

    [TestMethod]
    public async Task LoadAsync_EmptyFile_IsRejected()
    {
        _batch.Write("0001/02.png", []);
        WriteManifest(Manifest());

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("file.empty", plan.Rejected.Single().Problems.Single().Rule);
        Assert.AreEqual(1, plan.Jobs.Count);
    }

    [TestMethod]
    public async Task LoadAsync_BytesAreNotTheClaimedType_IsRejected()
    {
        _batch.Write("0001/02.png", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F']);
        WriteManifest(Manifest());

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("file.format", problem.Rule);
        StringAssert.Contains(problem.Message, "JPEG");
    }

    [TestMethod]
    public async Task LoadAsync_TextFileNamedPng_IsRejected()
    {
        _batch.Write("0001/02.png", "not an image at all");
        WriteManifest(Manifest());

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("file.format", plan.Rejected.Single().Problems.Single().Rule);
    }

    [TestMethod]
    [DataRow("applicant.personalId", "093090001", "personal-id.length")]
    [DataRow("applicant.personalId", "003090001234", "personal-id.province")]
    [DataRow("dossierCode", "000.00.01.H12-261322-0001", "dossier-code.date")]
    [DataRow("procedureCode", "1.0016", "procedure-code.format")]
    public async Task LoadAsync_InvalidIdentifier_RejectsTheDossierAndKeepsTheRest(string field, string value, string rule)
    {
        JsonObject manifest = Manifest();
        if (field.StartsWith("applicant.", StringComparison.Ordinal))
        {
            manifest["dossiers"]![0]!["applicant"]![field["applicant.".Length..]] = value;
        }
        else
        {
            manifest["dossiers"]![0]![field] = value;
        }

        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(1, plan.Jobs.Count);
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual(rule, problem.Rule);
        Assert.AreEqual("dossiers[0]." + field, problem.Field);
        Assert.IsFalse(problem.Message.Contains("003090001234", StringComparison.Ordinal), "personal IDs are masked in messages");
    }

    [TestMethod]
    public async Task LoadAsync_BirthYearContradictsId_IsRejected()
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![0]!["applicant"]!["dateOfBirth"] = "1985-01-01";
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("personal-id.birth-year", plan.Rejected.Single().Problems.Single().Rule);
    }

    [TestMethod]
    public async Task LoadAsync_SameDossierCodeTwice_RejectsBoth()
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![1]!["dossierCode"] = "000.00.01.H12-261122-0001";
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(0, plan.Jobs.Count);
        Assert.AreEqual(2, plan.Rejected.Count);
        Assert.IsTrue(plan.Rejected.All(r => r.Problems.Single().Rule == "dossier-code.duplicate"));
    }

    [TestMethod]
    public async Task LoadAsync_DocumentMissingFields_RejectsThatDocumentWithEachField()
    {
        JsonObject manifest = Manifest();
        var document = (JsonObject)manifest["dossiers"]![1]!["documents"]![0]!;
        document.Remove("kind");
        document["role"] = "copy";
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(1, plan.Jobs.Count);
        RejectedDocument rejected = plan.Rejected.Single();
        Assert.AreEqual(0, rejected.DocumentIndex);
        CollectionAssert.AreEquivalent(
            new[] { "dossiers[1].documents[0].kind", "dossiers[1].documents[0].role" },
            rejected.Problems.Select(p => p.Field).ToArray());
    }

    [TestMethod]
    public async Task LoadAsync_FileInsideSymlinkedDirectoryLeadingOut_IsRejected()
    {
        // The file itself is no link: the directory it is in is, and points outside the batch.
        using var outside = new TempDirectory();
        outside.Write("secret/01.png", TestImages.GrayPng(20, 20));
        Directory.CreateSymbolicLink(System.IO.Path.Combine(_batch.Path, "0003"), System.IO.Path.Combine(outside.Path, "secret"));
        JsonObject manifest = Manifest();
        manifest["dossiers"]![1]!["documents"]![0]!["files"] = new JsonArray("0003/01.png");
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(1, plan.Jobs.Count, "the other dossier goes on");
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("file.path", problem.Rule);
        StringAssert.Contains(problem.Message, "0003/01.png");
    }

    [TestMethod]
    public async Task LoadAsync_SymlinkedDirectoryStayingInside_IsAccepted()
    {
        Directory.CreateSymbolicLink(System.IO.Path.Combine(_batch.Path, "same"), System.IO.Path.Combine(_batch.Path, "0002"));
        JsonObject manifest = Manifest();
        manifest["dossiers"]![1]!["documents"]![0]!["files"] = new JsonArray("same/01.png");
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(0, plan.Rejected.Count, string.Join("; ", plan.Rejected.SelectMany(r => r.Problems)));
        Assert.AreEqual(2, plan.Jobs.Count);
    }

    [TestMethod]
    public async Task LoadAsync_BatchFolderReachedThroughALink_StillAcceptsItsOwnFiles()
    {
        using var parent = new TempDirectory();
        string linked = System.IO.Path.Combine(parent.Path, "batch-link");
        Directory.CreateSymbolicLink(linked, _batch.Path);
        WriteManifest(Manifest());

        BatchPlan plan = await BatchLoader.LoadAsync(linked);

        Assert.AreEqual(0, plan.Rejected.Count, string.Join("; ", plan.Rejected.SelectMany(r => r.Problems)));
        Assert.AreEqual(2, plan.Jobs.Count);
    }

    [TestMethod]
    [DataRow("fullName", @"Nguyễn\u0007 Văn An", "U+0007", DisplayName = "a bell in a name")]
    [DataRow("fullName", @"Nguyễn \u202Ena Văn", "U+202E", DisplayName = "a right-to-left override in a name")]
    [DataRow("fullName", @"Nguyễn \ud800 An", "unpaired surrogate", DisplayName = "an unpaired surrogate in a name")]
    public async Task LoadAsync_ApplicantTextWithControlsOrBrokenUnicode_RejectsThatDossierNamingTheField(string field, string jsonText, string said)
    {
        // Written as JSON escapes in the file itself, as a desk's software would send them.
        JsonObject template = Manifest();
        template["dossiers"]![0]!["applicant"]![field] = "PLACEHOLDER";
        _batch.Write("batch.json", template.ToJsonString().Replace("\"PLACEHOLDER\"", "\"" + jsonText + "\"", StringComparison.Ordinal));

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("000.00.01.H12-261122-0002", plan.Jobs.Single().DossierCode.Value, "the other dossier goes on");
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("dossiers[0].applicant." + field, problem.Field);
        Assert.AreEqual("manifest.text", problem.Rule);
        StringAssert.Contains(problem.Message, said);
        Assert.AreEqual("PH-20261122-001", problem.BatchId);
        Assert.AreEqual("000.00.01.H12-261122-0001", problem.DossierCode);
    }

    [TestMethod]
    public async Task LoadAsync_DocumentNumberOfTheWrongType_RejectsThatDocumentAndDoesNotProcessIt()
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![0]!["documents"]![0]!["documentNumber"] = 123;
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("000.00.01.H12-261122-0002", plan.Jobs.Single().DossierCode.Value);
        Assert.AreEqual("dossiers[0].documents[0].documentNumber", plan.Rejected.Single().Problems.Single().Field);
    }

    [TestMethod]
    [DataRow(0, "validUntil", "2020-12-22", DisplayName = "valid until the day before it was issued")]
    [DataRow(0, "issuedOn", "2026-11-23", DisplayName = "an input issued after the dossier was received")]
    [DataRow(1, "issuedOn", "2026-11-21", DisplayName = "a result issued before the dossier was received")]
    public async Task LoadAsync_DocumentDatesThatContradict_RejectThatDocumentNamingTheField(int dossier, string field, string date)
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![dossier]!["documents"]![0]![field] = date;
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual(1, plan.Jobs.Count, "the other dossier goes on");
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual($"dossiers[{dossier}].documents[0].{field}", problem.Field);
        Assert.AreEqual("document.dates", problem.Rule);
        StringAssert.Contains(problem.Message, date);
    }

    [TestMethod]
    public async Task LoadAsync_ApplicantBornAfterTheDossierWasReceived_RejectsTheDossier()
    {
        JsonObject manifest = Manifest();
        manifest["dossiers"]![1]!["applicant"]!["dateOfBirth"] = "2026-11-23";
        manifest["dossiers"]![1]!["applicant"]!["personalId"] = "001326123456";
        WriteManifest(manifest);

        BatchPlan plan = await BatchLoader.LoadAsync(_batch.Path);

        Assert.AreEqual("000.00.01.H12-261122-0001", plan.Jobs.Single().DossierCode.Value);
        InputProblem problem = plan.Rejected.Single().Problems.Single();
        Assert.AreEqual("dossiers[1].applicant.dateOfBirth", problem.Field);
        Assert.AreEqual("applicant.dates", problem.Rule);
    }

    [TestMethod]
    public void Schema_IsPublishedAndNamesV1()
    {
        using Stream? schema = typeof(BatchManifest).Assembly.GetManifestResourceStream("SoHoa.Batches.batch.schema.json");
        Assert.IsNotNull(schema);
        JsonNode node = JsonNode.Parse(schema)!;
        Assert.AreEqual(BatchManifest.SchemaV1, (string?)node["properties"]!["schema"]!["const"]);
        CollectionAssert.AreEquivalent(
            new[] { "schema", "batchId", "agency", "dossiers" },
            node["required"]!.AsArray().Select(n => (string?)n).ToArray());
    }

    private void WriteManifest(JsonObject manifest) => _batch.Write("batch.json", manifest.ToJsonString());

    private static JsonObject Manifest() => JsonNode.Parse("""
        { "schema": "sohoa.batch/v1",
          "batchId": "PH-20261122-001",
          "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
          "dossiers": [
            { "dossierCode": "000.00.01.H12-261122-0001", "procedureCode": "1.001612",
              "applicant": { "personalId": "093090001234", "fullName": "Nguyễn Văn An" },
              "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["0001/01.png", "0001/02.png"],
                               "documentNumber": "123/2020", "issuedOn": "2020-12-23", "validUntil": null } ] },
            { "dossierCode": "000.00.01.H12-261122-0002", "procedureCode": "2.002154",
              "applicant": { "personalId": "001305123456" },
              "documents": [ { "kind": "decision", "role": "result", "files": ["0002/01.png"] } ] } ] }
        """)!.AsObject();
}
