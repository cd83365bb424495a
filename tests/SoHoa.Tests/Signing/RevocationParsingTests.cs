using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing.Revocation;

namespace SoHoa.Tests.Signing;

/// <summary>CRL and OCSP reading against data made with .NET's own X509 builders (no openssl), including damaged and foreign data.</summary>
[TestClass]
public sealed class RevocationParsingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static X509Certificate2 Root(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(1));
    }

    private static X509Certificate2 Leaf(X509Certificate2 issuer, byte serial)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Leaf {serial}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(["http://127.0.0.1:1/issuing.crl", "ldap://example.invalid/crl"]));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(["http://127.0.0.1:1/ocsp"], null));
        return request.Create(issuer, Now.AddHours(-1), Now.AddMonths(1), [serial, 0x42]);
    }

    [TestMethod]
    public void Read_CrlListingTheCertificate_ReportsRevokedWithItsDate()
    {
        using var rootKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 revoked = Leaf(root, 1);
        using X509Certificate2 good = Leaf(root, 2);
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(revoked, Now.AddMinutes(-30), X509RevocationReason.KeyCompromise);
        byte[] crl = builder.Build(root, 1, Now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        RevocationInfo? revokedInfo = CrlReader.Read(crl, revoked, root, out _);
        RevocationInfo? goodInfo = CrlReader.Read(crl, good, root, out _);

        Assert.AreEqual(RevocationStatus.Revoked, revokedInfo?.Status);
        Assert.AreEqual(X509RevocationReason.KeyCompromise, revokedInfo!.Reason);
        Assert.IsNull(goodInfo?.Reason);
        Assert.IsTrue(Math.Abs((revokedInfo!.RevokedAt!.Value - Now.AddMinutes(-30)).TotalSeconds) < 2);
        Assert.AreEqual(RevocationStatus.Good, goodInfo?.Status);
        Assert.IsTrue(Math.Abs((goodInfo!.NextUpdate!.Value - Now.AddDays(7)).TotalSeconds) < 2, "nextUpdate is what a verifier needs to know whether the CRL was current");
        Assert.AreEqual(goodInfo.NextUpdate, revokedInfo.NextUpdate);
    }

    [TestMethod]
    public void Read_CrlWithDamagedSignature_IsRejected()
    {
        using var rootKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 leaf = Leaf(root, 1);
        byte[] crl = new CertificateRevocationListBuilder().Build(root, 1, Now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        crl[^5] ^= 0x01;

        Assert.IsNull(CrlReader.Read(crl, leaf, root, out string? problem));
        StringAssert.Contains(problem, "signature");
    }

    [TestMethod]
    public void Read_CrlOfAnotherIssuer_IsRejected()
    {
        using var rootKey = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 other = Root("Other", otherKey);
        using X509Certificate2 leaf = Leaf(root, 1);
        byte[] crl = new CertificateRevocationListBuilder().Build(other, 1, Now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.IsNull(CrlReader.Read(crl, leaf, root, out string? problem));
        StringAssert.Contains(problem, "issuer");
    }

    [TestMethod]
    [DataRow(new byte[0])]
    [DataRow(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x00 })]
    [DataRow(new byte[] { 0x30, 0x80, 0x00 })]
    [DataRow(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x03 })]
    public void ReadResponse_MalformedOrRefusedOcsp_ReturnsNullWithAReason(byte[] response)
    {
        using var rootKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 leaf = Leaf(root, 1);

        Assert.IsNull(OcspMessages.ReadResponse(response, leaf, root, out string? problem));
        Assert.IsFalse(string.IsNullOrEmpty(problem));
    }

    [TestMethod]
    public void CreateRequest_ForCertificate_IsDerOcspRequestWithSha1CertId()
    {
        using var rootKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 leaf = Leaf(root, 7);

        byte[] request = OcspMessages.CreateRequest(leaf, root);

        var reader = new System.Formats.Asn1.AsnReader(request, System.Formats.Asn1.AsnEncodingRules.DER);
        System.Formats.Asn1.AsnReader certId = reader.ReadSequence().ReadSequence().ReadSequence().ReadSequence().ReadSequence();
        Assert.AreEqual("1.3.14.3.2.26", certId.ReadSequence().ReadObjectIdentifier());
        CollectionAssert.AreEqual(SHA1.HashData(root.SubjectName.RawData), certId.ReadOctetString());
        CollectionAssert.AreEqual(SHA1.HashData(root.PublicKey.EncodedKeyValue.RawData), certId.ReadOctetString());
        CollectionAssert.AreEqual(new byte[] { 7, 0x42 }, certId.ReadIntegerBytes().ToArray());
    }

    [TestMethod]
    public void Uris_CertificateWithCdpAndAia_ListsOnlyHttpUrls()
    {
        using var rootKey = RSA.Create(2048);
        using X509Certificate2 root = Root("Root", rootKey);
        using X509Certificate2 leaf = Leaf(root, 1);

        CollectionAssert.AreEqual(new[] { "http://127.0.0.1:1/issuing.crl" }, RevocationFetcher.CrlDistributionPoints(leaf).ToArray());
        CollectionAssert.AreEqual(new[] { "http://127.0.0.1:1/ocsp" }, RevocationFetcher.OcspUris(leaf).ToArray());
    }
}
