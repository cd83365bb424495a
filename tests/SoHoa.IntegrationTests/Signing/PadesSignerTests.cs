using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Signing at every PAdES level against the test PKI, judged by our verifier and by pdfsig, qpdf and openssl.</summary>
[TestClass]
public sealed class PadesSignerTests
{
    [TestMethod]
    [DataRow(PadesLevel.BaselineB, "B-B")]
    [DataRow(PadesLevel.BaselineT, "B-T")]
    [DataRow(PadesLevel.BaselineLT, "B-LT")]
    [DataRow(PadesLevel.BaselineLTA, "B-LTA")]
    public async Task SignAsync_EachLevel_ReachesThatLevelAndIndependentToolsAgree(PadesLevel level, string expected)
    {
        byte[] original = Document(2);
        byte[] signed = await SignAsync(original, Pki.OfficerPfx, level);

        AssertPrefix(original, signed);
        VerificationReport report = Verifier().Verify(signed);
        Assert.IsTrue(report.IsValid, Describe(report));
        SignatureReport signature = report.Signatures.Single(s => s.SubFilter == "ETSI.CAdES.detached");
        Assert.AreEqual(expected, signature.Level, Describe(report));
        Assert.AreEqual(level >= PadesLevel.BaselineT, signature.TimestampTime is not null);
        if (level >= PadesLevel.BaselineLT)
        {
            // The DSS proves every certificate of the signer's and both TSAs' chains unrevoked at its timestamp's time.
            Assert.AreEqual(0, report.Signatures.Sum(s => s.Problems.Count), "not even a warning: " + Describe(report));
            StringAssert.StartsWith(signature.TimestampRevocation, "good");
        }

        string path = Save(signed, "signed.pdf");
        AssertIndependentToolsAccept(path);
    }

    [TestMethod]
    public async Task SignAsync_BaselineLt_EveryRevisionKeepsEarlierBytesAndDssHoldsRevocationData()
    {
        byte[] original = Document();
        byte[] signed = await SignAsync(original, Pki.SealPfx, PadesLevel.BaselineLTA);
        var reader = SoHoa.Pdf.Syntax.PdfFileReader.Open(signed);

        Assert.AreEqual(5, reader.Revisions.Count, "original, signature, DSS, document timestamp, DSS for the document timestamp's TSA");
        for (int r = 1; r < reader.Revisions.Count; r++)
        {
            AssertPrefix(signed.AsSpan(0, (int)reader.Revisions[r - 1].EndOffset).ToArray(), signed.AsSpan(0, (int)reader.Revisions[r].EndOffset).ToArray());
        }

        // The document timestamp verifies with openssl ts over the bytes it covers.
        (byte[] token, byte[] covered) = Extract(signed, 1);
        string dir = TestEnvironment.NewDirectory("doc-ts");
        File.WriteAllBytes(Path.Combine(dir, "token.der"), TrimDer(token));
        File.WriteAllBytes(Path.Combine(dir, "covered.bin"), covered);
        ExternalTool.Succeed("openssl", "ts", "-verify", "-in", Path.Combine(dir, "token.der"), "-token_in", "-data", Path.Combine(dir, "covered.bin"),
            "-CAfile", Pki.RootCertificate, "-untrusted", Pki.IssuingCertificate);

        var dss = reader.GetCatalog().GetDictionary("DSS", reader)!;
        Assert.IsTrue(dss.GetArray("Certs", reader)!.Count >= 4, "signer, issuing CA, root, TSA");
        Assert.IsTrue(dss.GetArray("OCSPs", reader)!.Count >= 2, "signer and TSA by OCSP");
        Assert.IsTrue(dss.GetArray("CRLs", reader)!.Count >= 1, "the issuing CA by the root's CRL");
    }

    [TestMethod]
    public async Task SignAsync_BaselineT_CmsVerifiesWithOpensslAndTokenWithOpensslTs()
    {
        byte[] signed = await SignAsync(Document(), Pki.EcdsaPfx, PadesLevel.BaselineT);
        (byte[] contents, byte[] signedBytes) = Extract(signed, 0);
        string dir = TestEnvironment.NewDirectory("openssl");
        string cmsPath = Path.Combine(dir, "sig.der");
        string dataPath = Path.Combine(dir, "signed.bin");
        File.WriteAllBytes(cmsPath, TrimDer(contents));
        File.WriteAllBytes(dataPath, signedBytes);
        ExternalTool.Succeed("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", cmsPath, "-content", dataPath, "-CAfile", Pki.RootCertificate, "-purpose", "any", "-out", Path.Combine(dir, "out.bin"));

        SignedCms cms = DecodeCms(contents);
        CryptographicAttributeObject stamp = cms.SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        string tokenPath = Path.Combine(dir, "token.der");
        File.WriteAllBytes(tokenPath, stamp.Values[0].RawData);
        string digest = Convert.ToHexStringLower(SHA256.HashData(cms.SignerInfos[0].GetSignature()));
        ExternalTool.Succeed("openssl", "ts", "-verify", "-in", tokenPath, "-token_in", "-digest", digest, "-CAfile", Pki.RootCertificate, "-untrusted", Pki.IssuingCertificate);
    }

    [TestMethod]
    public async Task SignAsync_OfficerThenSeal_BothSignaturesValidAndFirstRevisionIsPrefix()
    {
        byte[] original = Document(3);
        byte[] byOfficer = await SignAsync(original, Pki.OfficerPfx, PadesLevel.BaselineT);
        byte[] bySeal = await SignAsync(byOfficer, Pki.SealPfx, PadesLevel.BaselineLTA);

        AssertPrefix(original, byOfficer);
        AssertPrefix(byOfficer, bySeal);
        VerificationReport report = Verifier().Verify(bySeal);
        Assert.IsTrue(report.IsValid, Describe(report));
        CollectionAssert.AreEqual(new[] { "B-T", "B-LTA", "document-timestamp" }, report.Signatures.Select(s => s.Level).ToArray(), Describe(report));
        StringAssert.Contains(report.Signatures[0].Signer, "Officer");
        StringAssert.Contains(report.Signatures[1].Signer, "Seal");

        string path = Save(bySeal, "two.pdf");
        ExternalTool.Succeed("qpdf", "--check", path);
        ToolRun pdfsig = Pdfsig(path);
        Assert.IsTrue(pdfsig.Output.Split("Signature is Valid.").Length - 1 >= 2, pdfsig.Output);
        Assert.IsFalse(pdfsig.Output.Contains("Signature is Invalid", StringComparison.Ordinal), pdfsig.Output);
    }

    /// <summary>
    /// The composer's PDF/A (object streams, a cross-reference stream) signed by the officer at B-T, then by the seal at
    /// B-LTA: each update is appended with a cross-reference stream of its own, and our reader and verifier, qpdf, pdfsig
    /// and pdftotext all read the result.
    /// </summary>
    [TestMethod]
    public async Task SignAsync_ComposedPdfaWithXrefStream_UpdatesReadableByEveryTool()
    {
        byte[] original = SoHoa.IntegrationTests.Pdf.Composition.PdfaSamples.Compose(SoHoa.IntegrationTests.Pdf.Composition.PdfaSamples.Bilevel());
        byte[] byOfficer = await SignAsync(original, Pki.OfficerPfx, PadesLevel.BaselineT);
        byte[] bySeal = await SignAsync(byOfficer, Pki.SealPfx, PadesLevel.BaselineLTA);

        AssertPrefix(original, byOfficer);
        AssertPrefix(byOfficer, bySeal);
        var reader = SoHoa.Pdf.Syntax.PdfFileReader.Open(bySeal);
        Assert.IsTrue(reader.Revisions.Count >= 4, $"{reader.Revisions.Count} revisions");
        Assert.IsTrue(reader.Revisions.All(r => r.Kind == SoHoa.Pdf.Syntax.PdfXrefKind.Stream), "every revision has a cross-reference stream");
        Assert.AreEqual(0, reader.Diagnostics.Count, string.Join("; ", reader.Diagnostics));

        VerificationReport report = Verifier().Verify(bySeal);
        Assert.IsTrue(report.IsValid, Describe(report));
        CollectionAssert.AreEqual(new[] { "B-T", "B-LTA", "document-timestamp" }, report.Signatures.Select(s => s.Level).ToArray(), Describe(report));

        string path = Save(bySeal, "composed-signed.pdf");
        ExternalTool.Succeed("qpdf", "--check", path);
        ToolRun pdfsig = Pdfsig(path);
        Assert.AreEqual(2, pdfsig.Output.Split("Signature is Valid.").Length - 1, pdfsig.Output);
        Assert.IsFalse(pdfsig.Output.Contains("Signature is Invalid", StringComparison.Ordinal), pdfsig.Output);
        StringAssert.Contains(pdfsig.Output, "Certificate is Trusted.", "the officer's certificate, as pdfsig judges it on any file");
        StringAssert.Contains(ExternalTool.Succeed("pdftotext", "-enc", "UTF-8", path, "-").StandardOutput, "GIẤY KHAI SINH");
    }

    [TestMethod]
    public async Task SignAsync_OfficerThenSealBothAtBaselineLta_BothReachBaselineLta()
    {
        byte[] byOfficer = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineLTA);
        byte[] bySeal = await SignAsync(byOfficer, Pki.SealPfx, PadesLevel.BaselineLTA);

        VerificationReport report = Verifier().Verify(bySeal);

        Assert.IsTrue(report.IsValid, Describe(report));
        CollectionAssert.AreEqual(new[] { "B-LTA", "document-timestamp", "B-LTA", "document-timestamp" }, report.Signatures.Select(s => s.Level).ToArray(), Describe(report));
        Assert.AreEqual(0, report.Signatures.Sum(s => s.Problems.Count), "not even a warning: " + Describe(report));
    }

    [TestMethod]
    public async Task DocumentSigners_OfficerAndSealAtBaselineLta_OneArchiveTimestampCoversBoth()
    {
        using CertificateKey officerKey = Key(Pki.OfficerPfx);
        using CertificateKey sealKey = Key(Pki.SealPfx);
        var signers = new DocumentSigners(Signer(officerKey, PadesLevel.BaselineLTA), Signer(sealKey, PadesLevel.BaselineLTA));

        byte[] signed = await signers.SignAsync(Document(), Request, Request with { Reason = "Đóng dấu cơ quan" });

        VerificationReport report = Verifier().Verify(signed);
        Assert.IsTrue(report.IsValid, Describe(report));
        CollectionAssert.AreEqual(new[] { "B-LTA", "B-LTA", "document-timestamp" }, report.Signatures.Select(s => s.Level).ToArray(), Describe(report));
        Assert.AreEqual(0, report.Signatures.Sum(s => s.Problems.Count), "not even a warning: " + Describe(report));
        Assert.AreEqual(7, SoHoa.Pdf.Syntax.PdfFileReader.Open(signed).Revisions.Count, "original; officer's signature and DSS; seal's signature and DSS; one document timestamp and its TSA's DSS");

        string path = Save(signed, "officer-seal-lta.pdf");
        ExternalTool.Succeed("qpdf", "--check", path);
        ToolRun pdfsig = Pdfsig(path);
        Assert.AreEqual(2, pdfsig.Output.Split("Signature is Valid.").Length - 1, "the officer's and the seal's (pdfsig does not judge document timestamps): " + pdfsig.Output);
        Assert.IsFalse(pdfsig.Output.Contains("Signature is Invalid", StringComparison.Ordinal), pdfsig.Output);
    }

    [TestMethod]
    public async Task Verify_BaselineLtWhoseDssWasEmptied_FallsBackToBaselineT()
    {
        byte[] signed = await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineLT);
        var reader = SoHoa.Pdf.Syntax.PdfFileReader.Open(signed);
        int dssObject = reader.GetCatalog().GetReference("DSS")!.ObjectNumber;
        byte[] emptied = Attacks.AttackSamples.Append(signed, new() { [dssObject] = "<< /Type /DSS >>" });

        VerificationReport report = Verifier().Verify(emptied);

        Assert.AreEqual("B-T", report.Signatures[0].Level, Describe(report));
        Assert.IsTrue(report.Signatures[0].Problems.Any(p => p.Code == "revocation.missing"), Describe(report));
    }

    [TestMethod]
    public async Task SignAsync_TsaUnavailable_ThrowsTransientTimestampErrorAndNoSignature()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);
        PadesSigner signer = Signer(key, PadesLevel.BaselineT, Pki.UnavailableTsaUrl);

        SoHoaException error = await Assert.ThrowsExceptionAsync<SoHoaException>(() => signer.SignAsync(Document(), Request));

        Assert.AreEqual(SoHoaErrorCode.Timestamp, error.Code);
        Assert.IsTrue(error.IsTransient);
        StringAssert.Contains(error.Message, "503");
    }

    [TestMethod]
    public async Task SignAsync_TsaBusyTwice_RetriesAndTimestamps()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);
        PadesSigner signer = Signer(key, PadesLevel.BaselineT, Pki.FlakyTsaUrl);
        Pki.FailNextTsaRequests(2);

        byte[] signed = await signer.SignAsync(Document(), Request);

        Assert.AreEqual("B-T", Verifier().Verify(signed).Signatures[0].Level);
    }

    [TestMethod]
    public async Task SignAsync_RevokedCertificateAtBaselineLt_RefusesWithRevocationError()
    {
        using CertificateKey key = Key(Pki.RevokedPfx);
        PadesSigner signer = Signer(key, PadesLevel.BaselineLT);

        SoHoaException error = await Assert.ThrowsExceptionAsync<SoHoaException>(() => signer.SignAsync(Document(), Request));

        Assert.AreEqual(SoHoaErrorCode.Revocation, error.Code);
        StringAssert.Contains(error.Message, "revoked");
    }

    [TestMethod]
    public async Task VerifyAsync_RevokedCertificateOnline_FlagsRevocation()
    {
        byte[] signed = await SignAsync(Document(), Pki.RevokedPfx, PadesLevel.BaselineT);

        VerificationReport offline = Verifier().Verify(signed);
        VerificationReport online = await Verifier(online: true).VerifyAsync(signed);

        Assert.IsTrue(offline.Signatures[0].Problems.Any(p => p.Code == "revocation.missing"), Describe(offline));
        Assert.IsFalse(online.IsValid, Describe(online));
        Assert.IsTrue(online.Signatures[0].Problems.Any(p => p.Code == "revocation.revoked" && p.IsError), Describe(online));
    }

    [TestMethod]
    public async Task Verify_ExpiredCertificate_NotTrustedAndNotValidAtTimestamp()
    {
        byte[] signedB = await SignAsync(Document(), Pki.ExpiredPfx, PadesLevel.BaselineB);
        byte[] signedT = await SignAsync(Document(), Pki.ExpiredPfx, PadesLevel.BaselineT);

        VerificationReport b = Verifier().Verify(signedB);
        VerificationReport t = Verifier().Verify(signedT);

        Assert.IsFalse(b.IsValid);
        Assert.IsFalse(b.Signatures[0].CertificateTrusted, Describe(b));
        Assert.IsFalse(t.IsValid);
        Assert.IsTrue(t.Signatures[0].Problems.Any(p => p.Code == "certificate.not-valid-at-timestamp"), Describe(t));
    }

    [TestMethod]
    public async Task FromPem_EncryptedKey_SignsLikeThePkcs12()
    {
        using CertificateKey key = CertificateKey.FromPem(Pki.OfficerCertificatePem, Pki.OfficerKeyPem, TestPki.Password);
        byte[] signed = await new PadesSigner(key).SignAsync(Document(), Request);

        VerificationReport report = Verifier().Verify(signed);
        Assert.IsTrue(report.IsValid, Describe(report));
        StringAssert.Contains(report.Signatures[0].Signer, "Nguyen Thi Test Officer");
    }

    [TestMethod]
    public void FromPem_WrongPassword_ThrowsWithoutThePassword()
    {
        const string wrong = "not-the-password-4711";
        SoHoaException error = Assert.ThrowsException<SoHoaException>(() => CertificateKey.FromPem(Pki.OfficerCertificatePem, Pki.OfficerKeyPem, wrong));

        Assert.IsFalse(error.ToString().Contains(wrong, StringComparison.Ordinal));
        Assert.IsFalse(error.ToString().Contains(TestPki.Password, StringComparison.Ordinal));
    }
}
