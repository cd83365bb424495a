using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoHoa.IntegrationTests.Signing;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.EndToEnd;

/// <summary>
/// DESIGN.md §6 at the reception desk: results issued by another agency's system arrive as signed PDFs. `sohoa process`
/// keeps their bytes exactly, verifies them, reads their text by OCR of a copy, signs on top and stores and indexes them;
/// bad signed inputs are refused with their batch, dossier, file and field, and never stop the batch.
/// </summary>
[TestClass]
public sealed class SignedInputBatchTests
{
    private const string Dossier = "000.00.01.H12-261122-0007";
    private const string Citizen = "093090001234";
    private static readonly Dictionary<int, byte[]> Inputs = [];
    private static string _batch = null!;
    private static string _store = null!;
    private static SohoaCli _cli = null!;
    private static ToolRun _run = null!;
    private static JsonDocument _result = null!;

    /// <summary>The documents of the batch, in manifest order.</summary>
    public enum Input
    {
        Foreign, Tampered, Certified, VectorOnly, Truncated, Encrypted, NotAlone,
    }

    [ClassInitialize]
    public static async Task ProcessSignedInputsOnce(TestContext context)
    {
        _ = context;
        _batch = TestEnvironment.NewDirectory("signedbatch");
        _store = TestEnvironment.NewDirectory("signedstore");
        _cli = new SohoaCli(TestEnvironment.NewDirectory("signedhome"));

        // Another agency's scanned result: the sample's JPEG page inside a PDF, as scanners and img2pdf make them.
        string scanPath = Path.Combine(_batch, "scan.pdf");
        ExternalTool.Succeed("img2pdf", Path.Combine(RepositoryPaths.SampleBatch, "0001/01.jpg"), "-o", scanPath);
        byte[] scan = File.ReadAllBytes(scanPath);
        File.Delete(scanPath);

        // Signed with a certificate of its own: pdfsig (poppler 22.12) cannot validate one certificate twice in a file.
        byte[] foreign = SignWithOpenssl(scan, "officer-ec");
        byte[] tampered = (byte[])foreign.Clone();
        string text = Encoding.Latin1.GetString(tampered);
        int producer = text.IndexOf("img2pdf", StringComparison.Ordinal);
        Assert.IsTrue(producer > 0 && producer < text.IndexOf("/ByteRange", StringComparison.Ordinal), "img2pdf names itself in the signed revision");
        tampered[producer] = (byte)'I';
        using CertificateKey seal = Key(Pki.SealPfx);
        byte[] certified = await new PadesSigner(seal).SignAsync(scan, Request with { CertifyPermission = 1 });
        byte[] vectorOnly = SignWithOpenssl(SigningSupport.Document(), "seal");
        byte[] truncated = foreign[..(foreign.Length * 3 / 5)];
        string plain = Path.Combine(_batch, "plain.pdf");
        File.WriteAllBytes(plain, foreign);
        string encryptedPath = Path.Combine(_batch, "encrypted.pdf");
        ToolRun encrypt = ExternalTool.Run("qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", plain, encryptedPath);
        Assert.IsTrue(encrypt.ExitCode is 0 or 3, encrypt.Output);
        File.Delete(plain);

        Write(Input.Foreign, "0007/foreign-result.pdf", foreign);
        Write(Input.Tampered, "0007/tampered-result.pdf", tampered);
        Write(Input.Certified, "0007/certified-result.pdf", certified);
        Write(Input.VectorOnly, "0007/born-digital.pdf", vectorOnly);
        Write(Input.Truncated, "0007/truncated.pdf", truncated);
        Inputs[(int)Input.Encrypted] = File.ReadAllBytes(encryptedPath);
        File.Move(encryptedPath, Path.Combine(_batch, "0007", "encrypted.pdf"));
        File.Copy(Path.Combine(RepositoryPaths.SampleBatch, "0001/02.png"), Path.Combine(_batch, "0007", "cover.png"));
        Write(Input.NotAlone, "0007/with-cover.pdf", foreign);

        string[][] files =
        [
            ["0007/foreign-result.pdf"], ["0007/tampered-result.pdf"], ["0007/certified-result.pdf"], ["0007/born-digital.pdf"], ["0007/truncated.pdf"],
            ["0007/encrypted.pdf"], ["0007/cover.png", "0007/with-cover.pdf"],
        ];
        string documents = string.Join(",\n", files.Select(f => $$"""        { "kind": "decision", "role": "result", "files": {{JsonSerializer.Serialize(f)}} }"""));
        File.WriteAllText(Path.Combine(_batch, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "SIGNED-1",
              "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [ { "dossierCode": "{{Dossier}}", "procedureCode": "1.001612",
                  "applicant": { "personalId": "{{Citizen}}" },
                  "documents": [
            {{documents}} ] } ] }
            """);

        _run = _cli.Run(
            ["process", _batch, "--store", _store, "--json", "--cert", Pki.OfficerPfx, "--seal-cert", Pki.SealPfx, "--trust", Pki.RootCertificate],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password, ["SOHOA_SEAL_PASSWORD"] = TestPki.Password });
        _result = SohoaCli.Json(_run);
    }

    [ClassCleanup]
    public static void Dispose() => _result?.Dispose();

    [TestMethod]
    public void Process_ForeignSignedPdf_StoredFileStartsWithTheExactInputAndEverySignatureIsValid()
    {
        JsonElement document = Document(Input.Foreign);
        Assert.AreEqual("stored", document.GetProperty("status").GetString(), _run.Output);
        string pdf = PdfOf(document);
        byte[] stored = File.ReadAllBytes(pdf);
        AssertPrefix(Inputs[(int)Input.Foreign], stored);

        // Without OCSP: pdfsig (poppler 22.12) gets an answer from the test responder for the first signature of a file only.
        ToolRun pdfsig = ExternalTool.Run("pdfsig", "-no-ocsp", "-nssdir", "sql:" + Pki.NssDirectory, pdf);
        StringAssert.Contains(pdfsig.StandardOutput, "Signature #3:", "the original signature, the officer's and the seal's: " + pdfsig.Output);
        Assert.AreEqual(3, Count(pdfsig.StandardOutput, "Signature is Valid."), pdfsig.Output);
        Assert.AreEqual(3, Count(pdfsig.StandardOutput, "Certificate is Trusted."), pdfsig.Output);
        StringAssert.Contains(pdfsig.StandardOutput, "adbe.pkcs7.detached", "the other agency's signature is still there");
        ExternalTool.Succeed("qpdf", "--check", pdf);

        ToolRun verify = _cli.Run("verify", pdf, "--trust", Pki.RootCertificate, "--json");
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        using JsonDocument report = SohoaCli.Json(verify);
        string[] signers = report.RootElement.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("signer").GetString()!).ToArray();
        Assert.AreEqual(3, signers.Length);
        StringAssert.Contains(signers[1], "Test Officer");
        StringAssert.Contains(signers[2], "Test Seal");
    }

    [TestMethod]
    public void Process_ForeignSignedPdf_SidecarAndResultCarryTheVerificationAndTheOcrText()
    {
        JsonElement document = Document(Input.Foreign);
        JsonElement result = document.GetProperty("signedInput");
        Assert.IsTrue(result.GetProperty("valid").GetBoolean(), result.ToString());
        Assert.IsTrue(result.GetProperty("soHoaSigned").GetBoolean());
        Assert.AreEqual(1, document.GetProperty("pageCount").GetInt32());

        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(PdfOf(document), ".json")));
        JsonElement signedInput = sidecar.RootElement.GetProperty("signedInput");
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(Inputs[(int)Input.Foreign])), signedInput.GetProperty("sha256").GetString());
        Assert.AreEqual(Inputs[(int)Input.Foreign].Length, signedInput.GetProperty("length").GetInt64());
        Assert.AreEqual("ocr-of-page-images", signedInput.GetProperty("textSource").GetString());
        JsonElement original = signedInput.GetProperty("signatures").EnumerateArray().Single();
        Assert.AreEqual("adbe.pkcs7.detached", original.GetProperty("subFilter").GetString());
        StringAssert.Contains(original.GetProperty("signer").GetString(), "Test EC Officer");
        Assert.IsTrue(original.GetProperty("integrityValid").GetBoolean() && original.GetProperty("certificateTrusted").GetBoolean());
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PdfOf(document)))), sidecar.RootElement.GetProperty("pdfSha256").GetString());

        JsonElement page = sidecar.RootElement.GetProperty("pages").EnumerateArray().Single();
        Assert.IsTrue(page.GetProperty("inPdf").GetBoolean());
        Assert.AreEqual("0007/foreign-result.pdf", page.GetProperty("sourceFile").GetString());
        string[] expected = SampleBatchTests.Words(File.ReadAllText(Path.Combine(RepositoryPaths.SampleBatch, "truth/0001/01.p1.gt.txt"))).ToArray();
        HashSet<string> found = SampleBatchTests.Words(page.GetProperty("text").GetString()!).ToHashSet(StringComparer.Ordinal);
        double recall = expected.Count(found.Contains) / (double)expected.Length;
        Assert.IsTrue(recall >= 0.85, $"only {recall:P0} of the page's words were read from the copy of the signed PDF's image");
    }

    [TestMethod]
    public void Process_SignedBornDigitalPdf_IsKeptWithItsSignatureAndReadFromItsTextLayer()
    {
        JsonElement document = Document(Input.VectorOnly);
        Assert.AreEqual("stored", document.GetProperty("status").GetString(), document.ToString());
        AssertPrefix(Inputs[(int)Input.VectorOnly], File.ReadAllBytes(PdfOf(document)));

        JsonElement signedInput = document.GetProperty("signedInput");
        Assert.IsTrue(signedInput.GetProperty("valid").GetBoolean(), signedInput.ToString());
        Assert.AreEqual("text-layer", signedInput.GetProperty("textSource").GetString());
        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(PdfOf(document), ".json")));
        JsonElement page = sidecar.RootElement.GetProperty("pages").EnumerateArray().Single();
        Assert.AreEqual("text-layer", page.GetProperty("textSource").GetString());
        Assert.AreEqual("Page 1", page.GetProperty("text").GetString());
        Assert.AreEqual(2, page.GetProperty("words").GetArrayLength());
        Assert.AreEqual(3, Count(Pdfsig(PdfOf(document)).StandardOutput, "Signature is Valid."), "the other agency's signature, the officer's and the seal's");
    }

    [TestMethod]
    public void Process_TamperedSignedPdf_IsKeptByteForByteAndFlaggedWithTheReason()
    {
        JsonElement document = Document(Input.Tampered);
        Assert.AreEqual("stored", document.GetProperty("status").GetString(), _run.Output);
        AssertPrefix(Inputs[(int)Input.Tampered], File.ReadAllBytes(PdfOf(document)));

        JsonElement signedInput = document.GetProperty("signedInput");
        Assert.IsFalse(signedInput.GetProperty("valid").GetBoolean());
        JsonElement original = signedInput.GetProperty("signatures").EnumerateArray().Single();
        Assert.IsFalse(original.GetProperty("integrityValid").GetBoolean());
        Assert.IsTrue(original.GetProperty("problems").EnumerateArray().Any(p => p.GetProperty("code").GetString() == "digest.mismatch"), original.ToString());
        Assert.AreEqual(1, _result.RootElement.GetProperty("totals").GetProperty("flagged").GetInt32(), "only the tampered input is flagged");
        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(PdfOf(document), ".json")));
        Assert.IsFalse(sidecar.RootElement.GetProperty("signedInput").GetProperty("valid").GetBoolean());
    }

    [TestMethod]
    public void Process_InputCertifiedWithNoChangesAllowed_IsStoredExactlyAsReceived()
    {
        JsonElement document = Document(Input.Certified);
        byte[] stored = File.ReadAllBytes(PdfOf(document));

        CollectionAssert.AreEqual(Inputs[(int)Input.Certified], stored, "DocMDP permission 1: no signature of SoHoa may be appended");
        JsonElement signedInput = document.GetProperty("signedInput");
        Assert.IsTrue(signedInput.GetProperty("valid").GetBoolean(), signedInput.ToString());
        Assert.IsFalse(signedInput.GetProperty("soHoaSigned").GetBoolean());
        StringAssert.Contains(signedInput.GetProperty("note").GetString(), "DocMDP permission 1");
        StringAssert.Contains(Pdfsig(PdfOf(document)).StandardOutput, "Signature is Valid.");
    }

    [TestMethod]
    [DataRow(Input.Truncated, "pdf.corrupt", "0007/truncated.pdf", 0, "cannot be read")]
    [DataRow(Input.Encrypted, "pdf.encrypted", "0007/encrypted.pdf", 0, "encrypted")]
    [DataRow(Input.NotAlone, "signed-pdf.alone", "0007/with-cover.pdf", 1, "alone")]
    public void Process_BadSignedInput_RejectedNamingBatchDossierFileAndField(Input input, string rule, string file, int fileIndex, string says)
    {
        JsonElement document = Document(input);
        JsonElement problem = document.GetProperty("problems").EnumerateArray().Single();

        Assert.AreEqual("rejected", document.GetProperty("status").GetString(), document.ToString());
        Assert.AreEqual(rule, problem.GetProperty("rule").GetString(), problem.ToString());
        Assert.AreEqual("SIGNED-1", problem.GetProperty("batchId").GetString());
        Assert.AreEqual(Dossier, problem.GetProperty("dossierCode").GetString());
        Assert.AreEqual(file, problem.GetProperty("file").GetString());
        Assert.AreEqual($"dossiers[0].documents[{(int)input}].files[{fileIndex}]", problem.GetProperty("field").GetString());
        StringAssert.Contains(problem.GetProperty("message").GetString(), says);
    }

    [TestMethod]
    public void Process_SignedInputs_BadOnesNeverStopTheBatch()
    {
        Assert.AreEqual(1, _run.ExitCode, "rejected documents make the exit code 1: " + _run.Output);
        JsonElement totals = _result.RootElement.GetProperty("totals");
        // Stored: the foreign, tampered (flagged), certified and born-digital inputs; rejected: truncated, encrypted, not alone.
        Assert.AreEqual(4, totals.GetProperty("stored").GetInt32(), _run.StandardOutput);
        Assert.AreEqual(3, totals.GetProperty("rejected").GetInt32(), _run.StandardOutput);
        Assert.AreEqual(4, Directory.GetFiles(_store, "*.pdf", SearchOption.AllDirectories).Length);
    }

    [TestMethod]
    public void Find_Citizen_ReturnsTheStoredSignedInputs()
    {
        ToolRun find = _cli.Run("find", "--personal-id", Citizen, "--store", _store, "--json");

        Assert.AreEqual(0, find.ExitCode, find.Output);
        using JsonDocument found = SohoaCli.Json(find);
        var ids = found.RootElement.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("documentId").GetString()!, d => d);
        foreach (Input input in new[] { Input.Foreign, Input.Tampered, Input.Certified })
        {
            string id = Document(input).GetProperty("documentId").GetString()!;
            Assert.IsTrue(ids.TryGetValue(id, out JsonElement entry), $"{input} is not found: {find.StandardOutput}");
            Assert.IsTrue(entry.GetProperty("hashMatches").GetBoolean());
            Assert.AreEqual(1, entry.GetProperty("pageCount").GetInt32());
        }
    }

    private static void Write(Input input, string name, byte[] content)
    {
        string path = Path.Combine(_batch, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        Inputs[(int)input] = content;
    }

    private static JsonElement Document(Input input) =>
        _result.RootElement.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("documentIndex").GetInt32() == (int)input);

    private static string PdfOf(JsonElement document) => Path.Combine(_store, document.GetProperty("pdfPath").GetString()!);

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
