using System.Text.Json;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary><c>sohoa sign</c> and <c>sohoa verify</c> run as a user runs them.</summary>
[TestClass]
public sealed class SignVerifyCliTests
{
    private static readonly Dictionary<string, string> PasswordEnvironment = new() { ["SOHOA_CERT_PASSWORD"] = TestPki.Password };

    [TestMethod]
    public void Sign_BaselineLtaThenSealAtBaselineT_VerifyJsonExitsZeroWithLevels()
    {
        string dir = TestEnvironment.NewDirectory("cli-sign");
        var cli = new SohoaCli(dir);
        string input = Path.Combine(dir, "in.pdf");
        string officer = Path.Combine(dir, "officer.pdf");
        string sealed_ = Path.Combine(dir, "sealed.pdf");
        File.WriteAllBytes(input, Document());

        ToolRun first = cli.Run(["sign", input, "--out", officer, "--cert", Pki.OfficerPfx, "--level", "B-T", "--tsa", Pki.TsaUrl.ToString()], PasswordEnvironment);
        ToolRun second = cli.Run(["sign", officer, "--out", sealed_, "--cert", Pki.SealPfx, "--level", "B-LTA", "--tsa", Pki.TsaUrl.ToString(), "--trust", Pki.RootCertificate], PasswordEnvironment);
        ToolRun verify = cli.Run("verify", sealed_, "--trust", Pki.RootCertificate, "--json");

        Assert.AreEqual(0, first.ExitCode, first.Output);
        Assert.AreEqual(0, second.ExitCode, second.Output);
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        AssertPrefix(File.ReadAllBytes(input), File.ReadAllBytes(officer));
        AssertPrefix(File.ReadAllBytes(officer), File.ReadAllBytes(sealed_));
        using JsonDocument json = SohoaCli.Json(verify);
        Assert.IsTrue(json.RootElement.GetProperty("valid").GetBoolean());
        string[] levels = json.RootElement.GetProperty("signatures").EnumerateArray().Select(s => s.GetProperty("level").GetString()!).ToArray();
        CollectionAssert.AreEqual(new[] { "B-T", "B-LTA", "document-timestamp" }, levels, verify.Output);
        JsonElement seal = json.RootElement.GetProperty("signatures")[1];
        Assert.AreEqual(seal.GetProperty("timestampTime").GetDateTimeOffset(), seal.GetProperty("bestSignatureTime").GetDateTimeOffset(), verify.Output);
        StringAssert.StartsWith(seal.GetProperty("timestampRevocation").GetString(), "good", verify.Output);
        Assert.AreEqual(JsonValueKind.Null, seal.GetProperty("docMdpPermission").ValueKind);
        Assert.IsTrue(seal.GetProperty("changesAfter").EnumerateArray().All(c => c.GetProperty("allowed").GetBoolean() && c.GetProperty("reason").GetString()!.Length > 0), verify.Output);
        Assert.IsFalse((first.Output + second.Output + verify.Output).Contains(TestPki.Password, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Verify_CertifiedNoChangesThenSigned_ExitsOneAndNamesTheDocMdpRule()
    {
        string dir = TestEnvironment.NewDirectory("cli-docmdp");
        using SoHoa.Signing.CertificateKey officer = Key(Pki.OfficerPfx);
        byte[] certified = await new SoHoa.Signing.PadesSigner(officer).SignAsync(Document(), Request with { CertifyPermission = 1 });
        string path = Path.Combine(dir, "certified-then-signed.pdf");
        File.WriteAllBytes(path, await SignAsync(certified, Pki.SealPfx, SoHoa.Signing.PadesLevel.BaselineB));
        var cli = new SohoaCli(dir);

        ToolRun text = cli.Run("verify", path, "--trust", Pki.RootCertificate);
        ToolRun json = cli.Run("verify", path, "--trust", Pki.RootCertificate, "--json");

        Assert.AreEqual(1, text.ExitCode, text.Output);
        StringAssert.Contains(text.Output, "DocMDP P=1 (no changes)");
        StringAssert.Contains(text.Output, "allows no change but DSS and document timestamps");
        Assert.AreEqual(1, json.ExitCode, json.Output);
        using JsonDocument report = SohoaCli.Json(json);
        JsonElement certification = report.RootElement.GetProperty("signatures")[0];
        Assert.AreEqual(1, certification.GetProperty("docMdpPermission").GetInt32());
        Assert.IsTrue(certification.GetProperty("changesAfter").EnumerateArray().Any(c => !c.GetProperty("allowed").GetBoolean()
            && c.GetProperty("reason").GetString()!.Contains("DocMDP P=1", StringComparison.Ordinal)), json.Output);
    }

    [TestMethod]
    public void Verify_TamperedFile_ExitsOneAndSaysWhy()
    {
        string dir = TestEnvironment.NewDirectory("cli-tamper");
        var cli = new SohoaCli(dir);
        string input = Path.Combine(dir, "in.pdf");
        string signed = Path.Combine(dir, "signed.pdf");
        File.WriteAllBytes(input, Document());
        Assert.AreEqual(0, cli.Run(["sign", input, "--out", signed, "--cert", Pki.OfficerPfx], PasswordEnvironment).ExitCode);
        string tampered = Path.Combine(dir, "tampered.pdf");
        File.WriteAllBytes(tampered, Attacks.AttackSamples.Append(File.ReadAllBytes(signed), new() { [6] = SoHoa.Tests.Pdf.Syntax.TestPdfBuilder.Stream("BT /F1 24 Tf 72 700 Td (Page 9) Tj ET") }));

        ToolRun good = cli.Run("verify", signed, "--trust", Pki.RootCertificate);
        ToolRun bad = cli.Run("verify", tampered, "--trust", Pki.RootCertificate);

        Assert.AreEqual(0, good.ExitCode, good.Output);
        Assert.AreEqual(1, bad.ExitCode, bad.Output);
        StringAssert.Contains(bad.Output, "changed-after-signing");
    }

    [TestMethod]
    public void Sign_TimestampedLevelWithoutTsa_IsAUsageError()
    {
        string dir = TestEnvironment.NewDirectory("cli-usage");
        string input = Path.Combine(dir, "in.pdf");
        File.WriteAllBytes(input, Document());

        ToolRun run = new SohoaCli(dir).Run(["sign", input, "--out", Path.Combine(dir, "out.pdf"), "--cert", Pki.OfficerPfx, "--level", "B-LT"], PasswordEnvironment);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "--tsa");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out.pdf")));
    }

    [TestMethod]
    [DataRow("0,10,10,100,40")]
    [DataRow("1,10,10,-5,40")]
    [DataRow("1,10,10,100")]
    public void Sign_BadVisibleBox_IsAUsageError(string box)
    {
        string dir = TestEnvironment.NewDirectory("cli-visible");
        string input = Path.Combine(dir, "in.pdf");
        File.WriteAllBytes(input, Document());

        ToolRun run = new SohoaCli(dir).Run(["sign", input, "--out", Path.Combine(dir, "out.pdf"), "--cert", Pki.OfficerPfx, "--visible", box], PasswordEnvironment);

        Assert.AreEqual(2, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "--visible");
    }

    [TestMethod]
    public void Sign_TsaDown_ExitsUnavailableAndWritesNothing()
    {
        string dir = TestEnvironment.NewDirectory("cli-tsa-down");
        string input = Path.Combine(dir, "in.pdf");
        File.WriteAllBytes(input, Document());

        ToolRun run = new SohoaCli(dir).Run(["sign", input, "--out", Path.Combine(dir, "out.pdf"), "--cert", Pki.OfficerPfx, "--level", "B-T", "--tsa", Pki.UnavailableTsaUrl.ToString()], PasswordEnvironment);

        Assert.AreEqual(6, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "timestamp authority");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "out.pdf")));
    }

    [TestMethod]
    public void Sign_PemKeyWithPasswordFile_Signs()
    {
        string dir = TestEnvironment.NewDirectory("cli-pem");
        string input = Path.Combine(dir, "in.pdf");
        string output = Path.Combine(dir, "out.pdf");
        string passwordFile = Path.Combine(dir, "password");
        File.WriteAllBytes(input, Document());
        File.WriteAllText(passwordFile, TestPki.Password + "\n");
        var cli = new SohoaCli(dir);

        ToolRun run = cli.Run("sign", input, "--out", output, "--cert", Pki.OfficerCertificatePem, "--key", Pki.OfficerKeyPem, "--password-file", passwordFile,
            "--visible", "1,40,600,260,50", "--signer-name", "Nguyễn Thị Thư");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.AreEqual(0, cli.Run("verify", output, "--trust", Pki.RootCertificate).ExitCode);
        StringAssert.Contains(ExternalTool.Succeed("pdftotext", output, "-").StandardOutput.Normalize(System.Text.NormalizationForm.FormC), "Ký bởi: Nguyễn Thị Thư");
    }

    [TestMethod]
    public void Verify_RevokedSignerOnline_ExitsOne()
    {
        string dir = TestEnvironment.NewDirectory("cli-revoked");
        string input = Path.Combine(dir, "in.pdf");
        string output = Path.Combine(dir, "out.pdf");
        File.WriteAllBytes(input, Document());
        var cli = new SohoaCli(dir);
        Assert.AreEqual(0, cli.Run(["sign", input, "--out", output, "--cert", Pki.RevokedPfx], PasswordEnvironment).ExitCode);

        ToolRun run = cli.Run("verify", output, "--trust", Pki.RootCertificate, "--online", "--online-allow", Pki.Server.BaseUrl + "/", "--json");

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.Output, "revocation.revoked");
    }

    [TestMethod]
    public void Process_SampleBatchAtBaselineLta_StoresLongTermSignatures()
    {
        string dir = TestEnvironment.NewDirectory("cli-process-lta");
        string store = Path.Combine(dir, "store");
        var cli = new SohoaCli(dir);

        ToolRun run = cli.Run(["process", RepositoryPaths.SampleBatch, "--store", store, "--json", "--cert", Pki.OfficerPfx, "--level", "B-LTA", "--tsa", Pki.TsaUrl.ToString(), "--trust", Pki.RootCertificate], PasswordEnvironment);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        using JsonDocument result = SohoaCli.Json(run);
        string pdf = Path.Combine(store, result.RootElement.GetProperty("documents").EnumerateArray().First().GetProperty("pdfPath").GetString()!);
        ToolRun verify = cli.Run("verify", pdf, "--trust", Pki.RootCertificate, "--json");
        Assert.AreEqual(0, verify.ExitCode, verify.Output);
        using JsonDocument report = SohoaCli.Json(verify);
        Assert.AreEqual("B-LTA", report.RootElement.GetProperty("signatures")[0].GetProperty("level").GetString(), verify.Output);
    }
}
