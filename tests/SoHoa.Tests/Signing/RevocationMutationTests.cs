using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using SoHoa.Signing.Revocation;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Signing;

/// <summary>
/// Seeded mutations of a valid CRL and a valid OCSP response (made here, the CRL with .NET's builder and the OCSP
/// response with BouncyCastle's, as a responder would): reading them gives a status or null with a reason, and never
/// throws. Both come from files being verified, which anyone can write.
/// </summary>
[TestClass]
public sealed class RevocationMutationTests
{
    private const uint Stream = 47;

    [TestMethod]
    public void Read_MutatedCrlsAndOcspResponses_NeverThrow()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Mutation Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var leafKey = RSA.Create(2048);
        using X509Certificate2 leaf = new CertificateRequest("CN=Mutation Leaf", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Create(root, now.AddHours(-1), now.AddMonths(1), [7, 0x42]);

        var crlBuilder = new CertificateRevocationListBuilder();
        crlBuilder.AddEntry(leaf, now.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        byte[] crl = crlBuilder.Build(root, 1, now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        byte[] ocsp = OcspResponse(root, rootKey, leaf, now);
        Assert.IsNotNull(CrlReader.Read(crl, leaf, root, out string? crlProblem), crlProblem);
        Assert.IsNotNull(OcspMessages.ReadResponse(ocsp, leaf, root, out string? ocspProblem), ocspProblem);

        var failures = new List<string>();
        for (int i = 0; i < 1500; i++)
        {
            (byte[] mutatedCrl, string crlCase) = PdfMutations.Case(crl, Stream, i);
            Run(() => CrlReader.Read(mutatedCrl, leaf, root, out _), $"CRL case {i} [{crlCase}]", failures);
            (byte[] mutatedOcsp, string ocspCase) = PdfMutations.Case(ocsp, Stream, i);
            Run(() => OcspMessages.ReadResponse(mutatedOcsp, leaf, root, out _), $"OCSP case {i} [{ocspCase}]", failures);
        }

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
    }

    private static void Run(Func<RevocationInfo?> read, string label, List<string> failures)
    {
        try
        {
            _ = read();
        }
        catch (Exception ex)
        {
            failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }

    /// <summary>A basic OCSP response from the issuer saying the leaf is good, as a responder signs one.</summary>
    private static byte[] OcspResponse(X509Certificate2 issuer, RSA issuerKey, X509Certificate2 leaf, DateTimeOffset now)
    {
        var bcIssuer = new Org.BouncyCastle.X509.X509Certificate(issuer.RawData);
        var bcLeaf = new Org.BouncyCastle.X509.X509Certificate(leaf.RawData);
        var generator = new BasicOcspRespGenerator(bcIssuer.GetPublicKey());
        generator.AddResponse(new CertificateID(CertificateID.DigestSha1, bcIssuer, bcLeaf.SerialNumber), CertificateStatus.Good, now.UtcDateTime.AddMinutes(-1), now.UtcDateTime.AddDays(1), null);
        var signer = new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", DotNetUtilities.GetRsaKeyPair(issuerKey).Private);
        BasicOcspResp basic = generator.Generate(signer, [bcIssuer], now.UtcDateTime);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }
}
