using System.Text.Json;
using SoHoa.IntegrationTests.EndToEnd;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Pkcs11;

/// <summary>
/// Issue 14 from the command line: <c>sohoa sign</c> and <c>sohoa process</c> with keys on SoftHSM2 tokens, the officer
/// on one token and the seal on another; a token that refuses or is absent fails each document with its reason and the
/// batch goes on; the PIN never shows.
/// </summary>
[TestClass]
public sealed class Pkcs11CliTests
{
    private static Dictionary<string, string> Environment(string? sealPin = SoftHsm.SealPin) => new()
    {
        ["SOFTHSM2_CONF"] = SoftHsm.ConfigFile,
        ["SOHOA_SEAL_PKCS11_PIN"] = sealPin ?? string.Empty,
    };

    [TestMethod]
    public void Sign_KeyOnToken_BaselineLt_VerifiesWithPdfsigAndSohoa()
    {
        string dir = TestEnvironment.NewDirectory("p11-sign");
        string input = Path.Combine(dir, "in.pdf"), output = Path.Combine(dir, "out.pdf");
        File.WriteAllBytes(input, Document());
        var cli = new SohoaCli(dir);

        ToolRun sign = cli.Run(
            ["sign", input, "--out", output, "--pkcs11-module", SoftHsm.Module, "--token", SoftHsm.OfficerToken, "--key", "officer",
             "--pin-file", SoftHsm.PinFile(SoftHsm.OfficerPin), "--level", "B-LT", "--tsa", Pki.TsaUrl.ToString(), "--trust", Pki.RootCertificate],
            Environment());
        ToolRun verify = cli.Run("verify", output, "--trust", Pki.RootCertificate, "--json");

        Assert.AreEqual(0, sign.ExitCode, sign.Output);
        StringAssert.Contains(sign.Output, "at B-LT by Nguyen Thi Test Officer");
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        using JsonDocument report = SohoaCli.Json(verify);
        Assert.AreEqual("B-LT", report.RootElement.GetProperty("signatures")[0].GetProperty("level").GetString());
        StringAssert.Contains(Pdfsig(output).Output, "Signature is Valid.");
        Assert.IsFalse(sign.Output.Contains(SoftHsm.OfficerPin, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Process_OfficerOnOneTokenSealOnAnother_BothSignaturesVerify()
    {
        (ToolRun run, string store) = Process(Environment(), "--pin-file", SoftHsm.PinFile(SoftHsm.OfficerPin));

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsFalse(run.Output.Contains("DEVELOPMENT certificate", StringComparison.Ordinal), "no development key with a token");
        string[] pdfs = Directory.GetFiles(store, "*.pdf", SearchOption.AllDirectories);
        Assert.AreEqual(2, pdfs.Length, run.Output);
        foreach (string pdf in pdfs)
        {
            ToolRun pdfsig = Pdfsig(pdf);
            Assert.AreEqual(2, pdfsig.StandardOutput.Split("Signature is Valid.").Length - 1, pdfsig.Output);
            Assert.AreEqual(2, pdfsig.StandardOutput.Split("Certificate is Trusted.").Length - 1, pdfsig.Output);
            StringAssert.Contains(pdfsig.Output, "Nguyen Thi Test Officer");
            StringAssert.Contains(pdfsig.Output, "UBND huyen Phung Hiep (Test Seal)");
        }
    }

    [TestMethod]
    public void Worker_InboxWithBothKeysOnTokens_StoresDocumentsSignedByBoth()
    {
        string root = TestEnvironment.NewDirectory("p11-worker"), store = TestEnvironment.NewDirectory("p11-worker-store");
        Directory.CreateDirectory(Path.Combine(root, "inbox"));
        Directory.Move(Batch(), Path.Combine(root, "inbox", "batch-1"));

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("p11-worker-home")).Run(
            ["worker", "--inbox", root, "--store", store, "--exit-when-idle", "--trust", Pki.RootCertificate,
             "--pkcs11-module", SoftHsm.Module, "--token", SoftHsm.OfficerToken, "--key", "officer", "--pin-file", SoftHsm.PinFile(SoftHsm.OfficerPin),
             "--seal-token", SoftHsm.SealToken, "--seal-key", "seal"],
            Environment());

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.IsTrue(Directory.Exists(Path.Combine(root, "done", "batch-1")), run.Output);
        string[] pdfs = Directory.GetFiles(store, "*.pdf", SearchOption.AllDirectories);
        Assert.AreEqual(2, pdfs.Length, run.Output);
        foreach (string pdf in pdfs)
        {
            ToolRun verify = new SohoaCli(TestEnvironment.NewDirectory("p11-worker-verify")).Run("verify", pdf, "--trust", Pki.RootCertificate, "--json");
            Assert.AreEqual(0, verify.ExitCode, verify.Output);
            using JsonDocument report = SohoaCli.Json(verify);
            Assert.AreEqual(2, report.RootElement.GetProperty("signatures").GetArrayLength(), verify.Output);
        }
    }

    [TestMethod]
    [DataRow("wrong-pin", "refused the PIN (CKR_PIN_INCORRECT)", false)]
    [DataRow("missing-token", "is not present", true)]
    [DataRow("missing-key", "was not found", false)]
    [DataRow("key-may-not-sign", "may not sign", false)]
    public void Process_TokenProblem_EveryDocumentFailsWithTheReasonAndTheBatchGoesOn(string problem, string says, bool transient)
    {
        string pinFile = SoftHsm.PinFile(problem == "wrong-pin" ? "000000" : SoftHsm.OfficerPin);
        string token = problem == "missing-token" ? "unplugged-token" : SoftHsm.OfficerToken;
        string key = problem switch { "missing-key" => "no-such-key", "key-may-not-sign" => "decrypt-only", _ => "officer" };

        (ToolRun run, string store) = Process(Environment(), "--pin-file", pinFile, "--token", token, "--key", key);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        using JsonDocument result = SohoaCli.Json(run);
        JsonElement[] documents = [.. result.RootElement.GetProperty("documents").EnumerateArray()];
        Assert.AreEqual(2, documents.Length, "both documents of the batch were tried");
        foreach (JsonElement document in documents)
        {
            Assert.AreEqual("failed", document.GetProperty("status").GetString(), run.Output);
            JsonElement reason = document.GetProperty("problems").EnumerateArray().Single();
            StringAssert.Contains(reason.GetProperty("message").GetString(), says, run.Output);
            Assert.AreEqual(transient ? "processing.unavailable" : "processing.failed", reason.GetProperty("rule").GetString(), run.Output);
        }

        Assert.AreEqual(0, Directory.GetFiles(store, "*.pdf", SearchOption.AllDirectories).Length);
        Assert.IsFalse(run.Output.Contains(SoftHsm.OfficerPin, StringComparison.Ordinal) || run.Output.Contains("000000", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow(new[] { "--token", "sohoa-officer", "--key", "officer" }, "--token needs --pkcs11-module")]
    [DataRow(new[] { "--pkcs11-module", "/usr/lib/softhsm/libsofthsm2.so", "--key", "officer" }, "--pkcs11-module is for a key on a token")]
    [DataRow(new[] { "--pkcs11-module", "/nonexistent/vendor.so", "--token", "t", "--key", "k" }, "the PKCS#11 module '/nonexistent/vendor.so' does not exist")]
    [DataRow(new[] { "--seal-token", "sohoa-seal" }, "--seal-token needs --seal-key")]
    public void Process_IncompleteTokenOptions_UsageErrorBeforeAnyWork(string[] options, string says)
    {
        string store = TestEnvironment.NewDirectory("p11-usage");
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("p11-usage-home")).Run(["process", Batch(), "--store", store, .. options], Environment());

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, says);
        Assert.IsFalse(Directory.Exists(Path.Combine(store, "batches")), "nothing was processed");
    }

    [TestMethod]
    public void Sign_NoKeyAtAll_UsageErrorNamingBothWays()
    {
        string dir = TestEnvironment.NewDirectory("p11-sign-usage");
        string input = Path.Combine(dir, "in.pdf");
        File.WriteAllBytes(input, Document());

        ToolRun run = new SohoaCli(dir).Run("sign", input, "--out", Path.Combine(dir, "out.pdf"));

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "Give the signing key: --cert <pfx> (or a PEM chain with --key <pem>), or --token <label> --key <label>");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out.pdf")));
    }

    /// <summary><c>sohoa process</c> of a two-document batch, the officer on the officer's token and the seal on the seal's (options later in <paramref name="options"/> win).</summary>
    private static (ToolRun Run, string Store) Process(Dictionary<string, string> environment, params string[] options)
    {
        string store = TestEnvironment.NewDirectory("p11-store");
        string[] defaults = ["--pkcs11-module", SoftHsm.Module, "--token", SoftHsm.OfficerToken, "--key", "officer", "--seal-token", SoftHsm.SealToken, "--seal-key", "seal"];
        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("p11-home")).Run(
            ["process", Batch(), "--store", store, "--json", "--trust", Pki.RootCertificate, .. Override(defaults, options)], environment);
        return (run, store);
    }

    private static string[] Override(string[] defaults, string[] options)
    {
        var merged = new List<string>();
        for (int i = 0; i < defaults.Length; i += 2)
        {
            if (!options.Contains(defaults[i]))
            {
                merged.AddRange(defaults.AsSpan(i, 2));
            }
        }

        return [.. merged, .. options];
    }

    /// <summary>A batch of two single-page documents of one dossier, both the sample's first page.</summary>
    private static string Batch()
    {
        string batch = TestEnvironment.NewDirectory("p11-batch");
        string page = "page" + Path.GetExtension(SampleBatchTests.FirstFile());
        File.Copy(Path.Combine(RepositoryPaths.SampleBatch, SampleBatchTests.FirstFile()), Path.Combine(batch, page));
        string manifest = SampleBatchTests.OneDocumentManifest(page).Replace(
            $$"""{ "kind": "birth-certificate", "role": "input", "files": ["{{page}}"] }""",
            $$"""{ "kind": "birth-certificate", "role": "input", "files": ["{{page}}"] }, { "kind": "household-registration", "role": "input", "files": ["{{page}}"] }""",
            StringComparison.Ordinal);
        Assert.AreNotEqual(SampleBatchTests.OneDocumentManifest(page), manifest, "the second document was added");
        File.WriteAllText(Path.Combine(batch, "batch.json"), manifest);
        return batch;
    }
}
