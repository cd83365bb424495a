using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>Reading a real OCSP response from the test PKI's responder (answered by <c>openssl ocsp</c>), damaged or asked about another certificate.</summary>
[TestClass]
public sealed class OcspResponseTests
{
    [TestMethod]
    public async Task ReadResponse_ResponderSignatureDamaged_Rejected()
    {
        using CertificateKey key = Key(Pki.OfficerPfx);
        byte[] response = await FetchLeafResponseAsync(key);
        Assert.AreEqual(RevocationStatus.Good, OcspMessages.ReadResponse(response, key.Certificate, key.Chain[0], out string? none)?.Status, none);

        byte[] signature = ResponderSignature(response);
        int at = response.AsSpan().IndexOf(signature);
        Assert.IsTrue(at > 0, "the signature's bytes are found in the response");
        byte[] damaged = (byte[])response.Clone();
        damaged[at + (signature.Length / 2)] ^= 0x01;

        Assert.IsNull(OcspMessages.ReadResponse(damaged, key.Certificate, key.Chain[0], out string? problem));
        StringAssert.Contains(problem, "not signed by the certificate's issuer");
    }

    [TestMethod]
    public async Task ReadResponse_AskedAboutAnotherCertificateOfTheSameIssuer_DoesNotMentionIt()
    {
        using CertificateKey officer = Key(Pki.OfficerPfx);
        using CertificateKey seal = Key(Pki.SealPfx);
        byte[] response = await FetchLeafResponseAsync(officer);

        Assert.IsNull(OcspMessages.ReadResponse(response, seal.Certificate, seal.Chain[0], out string? problem));
        StringAssert.Contains(problem, "does not mention the certificate");
    }

    [TestMethod]
    public async Task ReadResponse_RevokedCertificate_ReportsRevocationTimeAndReason()
    {
        using CertificateKey revoked = Key(Pki.RevokedPfx);
        using var request = new ByteArrayContent(OcspMessages.CreateRequest(revoked.Certificate, revoked.Chain[0]));
        request.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ocsp-request");
        using HttpResponseMessage answer = await Http.PostAsync(new Uri(Pki.Server.BaseUrl + "/ocsp"), request);
        byte[] response = await answer.Content.ReadAsByteArrayAsync();

        RevocationInfo? info = OcspMessages.ReadResponse(response, revoked.Certificate, revoked.Chain[0], out string? problem);

        Assert.AreEqual(RevocationStatus.Revoked, info?.Status, problem);
        Assert.AreEqual(X509RevocationReason.KeyCompromise, info!.Reason, "openssl ca -revoke -crl_reason keyCompromise");
        Assert.IsTrue(info.RevokedAt <= info.ThisUpdate, $"revoked {info.RevokedAt:u}, thisUpdate {info.ThisUpdate:u}");
    }

    /// <summary>The OCSP response for <paramref name="key"/>'s own certificate, fetched from the test PKI's responder.</summary>
    private static async Task<byte[]> FetchLeafResponseAsync(CertificateKey key)
    {
        var material = new ValidationMaterial();
        IReadOnlyList<X509Certificate2> chain = CertificateChains.Build(key.Certificate, [.. key.Chain], [X509CertificateLoader.LoadCertificateFromFile(Pki.RootCertificate)]);
        await new RevocationFetcher(Http, NoWaitRetry).AddChainAsync(chain, material);
        return material.OcspResponses.First(r => OcspMessages.ReadResponse(r, key.Certificate, key.Chain[0], out _) is not null);
    }

    /// <summary>The signature value of the BasicOCSPResponse inside <paramref name="response"/> (RFC 6960 4.2.1).</summary>
    private static byte[] ResponderSignature(byte[] response)
    {
        AsnReader outer = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        _ = outer.ReadEncodedValue(); // responseStatus
        AsnReader responseBytes = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        _ = responseBytes.ReadObjectIdentifier();
        AsnReader basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        _ = basic.ReadEncodedValue(); // tbsResponseData
        _ = basic.ReadSequence(); // signatureAlgorithm
        return basic.ReadBitString(out _);
    }
}
