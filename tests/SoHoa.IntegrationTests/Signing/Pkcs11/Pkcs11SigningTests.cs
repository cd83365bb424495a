using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.HighLevelAPI;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Pkcs11;

/// <summary>
/// Issue 14: signatures made by a key that never leaves a PKCS#11 token (SoftHSM2 as the token), judged by our verifier
/// and by pdfsig; the token's failures (wrong PIN, missing token, key or sign right, a token that went away) as a user meets them.
/// </summary>
[TestClass]
public sealed class Pkcs11SigningTests
{
    [TestMethod]
    [DataRow(PadesLevel.BaselineB)]
    [DataRow(PadesLevel.BaselineT)]
    [DataRow(PadesLevel.BaselineLT)]
    [DataRow(PadesLevel.BaselineLTA)]
    public async Task RsaKeyOnToken_EveryLevel_VerifiesWithSohoaAndPdfsig(PadesLevel level)
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin));

        byte[] signed = await Signer(key, level).SignAsync(Document(), Request);

        AssertVerifies(signed, level, "Nguyen Thi Test Officer");
    }

    [TestMethod]
    public async Task EcdsaP256KeyOnToken_BaselineT_VerifiesWithSohoaAndPdfsig()
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, "officer-ec", SoftHsm.OfficerPin));

        byte[] signed = await Signer(key, PadesLevel.BaselineT).SignAsync(Document(), Request);

        AssertVerifies(signed, PadesLevel.BaselineT, "Tran Van Test EC Officer");
    }

    [TestMethod]
    public async Task RsaPssKeyOnToken_BaselineB_NamesPssAndVerifies()
    {
        Pkcs11KeyOptions options = SoftHsm.Key(SoftHsm.SealToken, "seal", SoftHsm.SealPin);
        options.RsaPadding = RSASignaturePadding.Pss;
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(options);

        byte[] signed = await Signer(key, PadesLevel.BaselineB).SignAsync(Document(), Request);

        (byte[] contents, _) = Extract(signed, 0);
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(contents);
        Assert.AreEqual("1.2.840.113549.1.1.10", cms.SignerInfos[0].SignatureAlgorithm.Value, "RSASSA-PSS");
        AssertVerifies(signed, PadesLevel.BaselineB, "UBND huyen Phung Hiep (Test Seal)");
    }

    [TestMethod]
    public void Certificates_ComeFromTheTokenWithTheIssuingCa_OrFromTheFileWhenGiven()
    {
        using Pkcs11SignatureKey fromToken = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin));
        Pkcs11KeyOptions withFile = SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin);
        withFile.CertificateFile = Pki.OfficerCertificatePem;
        using Pkcs11SignatureKey fromFile = Pkcs11SignatureKey.Open(withFile);
        using X509Certificate2 issuing = X509CertificateLoader.LoadCertificateFromFile(Pki.IssuingCertificate);

        Assert.AreEqual("CN=Nguyen Thi Test Officer, O=UBND huyen Phung Hiep, C=VN", fromToken.Certificate.Subject);
        Assert.AreEqual(issuing.Thumbprint, fromToken.Chain.Single().Thumbprint, "the issuing CA on the token, not the root");
        Assert.AreEqual(fromToken.Certificate.Thumbprint, fromFile.Certificate.Thumbprint);
        Assert.AreEqual(issuing.Thumbprint, fromFile.Chain.Single().Thumbprint);
    }

    [TestMethod]
    public void CertificateFileOfAnotherKey_IsRefusedBecauseTheKeyDoesNotMatchIt()
    {
        Pkcs11KeyOptions options = SoftHsm.Key(SoftHsm.SealToken, "seal", SoftHsm.SealPin);
        options.CertificateFile = Pki.OfficerCertificatePem;
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(options);

        var error = Assert.ThrowsExactly<SoHoaException>(key.Connect);

        StringAssert.Contains(error.Message, "does not belong to the certificate 'CN=Nguyen Thi Test Officer");
        Assert.IsFalse(error.IsTransient);
    }

    [TestMethod]
    public async Task WrongPin_PermanentErrorWithoutThePin_AndTheTokenIsNotAskedAgain()
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, "officer", "000000"));

        var first = await Assert.ThrowsExactlyAsync<SoHoaException>(() => key.SignDigestAsync(new byte[32], HashAlgorithmName.SHA256));
        var second = await Assert.ThrowsExactlyAsync<SoHoaException>(() => key.SignDigestAsync(new byte[32], HashAlgorithmName.SHA256));

        StringAssert.Contains(first.Message, "refused the PIN (CKR_PIN_INCORRECT)");
        StringAssert.Contains(first.Message, $"token '{SoftHsm.OfficerToken}'");
        Assert.IsFalse(first.IsTransient, "a wrong PIN does not get better by retrying");
        Assert.AreSame(first, second, "the second signature fails without a second login");
        Assert.IsFalse(first.ToString().Contains("000000", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task TokenNotPresent_TransientErrorNamingIt()
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key("unplugged-token", "officer", SoftHsm.OfficerPin));

        var error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => key.SignDigestAsync(new byte[32], HashAlgorithmName.SHA256));

        Assert.IsTrue(error.IsTransient);
        StringAssert.Contains(error.Message, "token 'unplugged-token'");
        StringAssert.Contains(error.Message, "is not present");
    }

    [TestMethod]
    [DataRow("no-such-key", "was not found")]
    [DataRow("decrypt-only", "may not sign (its CKA_SIGN attribute is false)")]
    public void KeyMissingOrWithoutSignRight_PermanentErrorNamingTheKey(string label, string says)
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, label, SoftHsm.OfficerPin));

        var error = Assert.ThrowsExactly<SoHoaException>(() => _ = key.Certificate);

        StringAssert.Contains(error.Message, $"key '{label}'");
        StringAssert.Contains(error.Message, says);
        Assert.IsFalse(error.IsTransient);
        Assert.IsFalse(error.Message.Contains(SoftHsm.OfficerPin, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Options_Unusable_ConfigurationErrorListingEveryProblem()
    {
        var options = new Pkcs11KeyOptions { ModulePath = "/nonexistent/libvendor.so", KeyId = "zz", PinFile = "/nonexistent/pin" };

        var error = Assert.ThrowsExactly<SoHoaException>(() => Pkcs11SignatureKey.Open(options, "Officer"));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        StringAssert.Contains(error.Message, "Officer.ModulePath: the PKCS#11 module '/nonexistent/libvendor.so' does not exist.");
        StringAssert.Contains(error.Message, "Officer: name the token by TokenLabel or TokenSerial.");
        StringAssert.Contains(error.Message, "Officer.KeyId must be hexadecimal");
        StringAssert.Contains(error.Message, "Officer.PinFile: the PIN file '/nonexistent/pin' does not exist.");
    }

    [TestMethod]
    public async Task TokenSessionsClosedUnderTheKey_NextSignatureLogsInAgainAndSigns()
    {
        using Pkcs11SignatureKey key = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin));
        byte[] before = await Signer(key, PadesLevel.BaselineB).SignAsync(Document(), Request);

        // What a token pulled out and plugged in again does to an application: every session gone, the login with them.
        using (Pkcs11Module module = Pkcs11Module.Acquire(SoftHsm.Module))
        {
            ISlot slot = module.FindToken(SoftHsm.OfficerToken, null)!;
            slot.CloseAllSessions();
        }

        byte[] after = await Signer(key, PadesLevel.BaselineB).SignAsync(Document(), Request);

        AssertVerifies(before, PadesLevel.BaselineB, "Nguyen Thi Test Officer");
        AssertVerifies(after, PadesLevel.BaselineB, "Nguyen Thi Test Officer");
    }

    [TestMethod]
    public async Task ManyConcurrentSignatures_ShareTwoSessionsAndAllVerify()
    {
        Pkcs11KeyOptions officerOptions = SoftHsm.Key(SoftHsm.OfficerToken, "officer", SoftHsm.OfficerPin);
        officerOptions.MaxSessions = 2;
        using Pkcs11SignatureKey officer = Pkcs11SignatureKey.Open(officerOptions);
        using Pkcs11SignatureKey seal = Pkcs11SignatureKey.Open(SoftHsm.Key(SoftHsm.SealToken, "seal", SoftHsm.SealPin));
        var signers = new DocumentSigners(Signer(officer, PadesLevel.BaselineB), Signer(seal, PadesLevel.BaselineB));
        byte[] document = Document();

        byte[][] signed = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => signers.SignAsync(document, Request, Request))));

        PdfSignatureVerifier verifier = Verifier();
        Assert.AreEqual(24, signed.Length);
        foreach (byte[] pdf in signed)
        {
            VerificationReport report = verifier.Verify(pdf);
            Assert.IsTrue(report.IsValid, Describe(report));
            Assert.AreEqual(2, report.Signatures.Count, Describe(report));
        }
    }

    private static void AssertVerifies(byte[] signed, PadesLevel level, string signer)
    {
        VerificationReport report = Verifier().Verify(signed);
        Assert.IsTrue(report.IsValid, Describe(report));
        SignatureReport signature = report.Signatures.First();
        Assert.AreEqual(level.ToName(), signature.Level, Describe(report));
        StringAssert.Contains(signature.Signer, signer);
        string path = Save(signed, "token-signed.pdf");
        AssertIndependentToolsAccept(path);
    }
}
