using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

/// <summary>What the targets need besides the input: a page for the manifest's batch, and a certificate and its issuer to ask revocation data about.</summary>
internal static class Seeds
{
    private static readonly RSA RootKey = RSA.Create(2048);
    private static readonly Lazy<(X509Certificate2 Root, X509Certificate2 Leaf)> Certificates = new(MakeCertificates);

    /// <summary>A small page from the bundled sample batch.</summary>
    public static byte[] Png { get; } = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "testdata", "batches", "sample", "0001", "02.png"));

    public static X509Certificate2 Root => Certificates.Value.Root;

    public static X509Certificate2 Leaf => Certificates.Value.Leaf;

    private static (X509Certificate2, X509Certificate2) MakeCertificates()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest("CN=Fuzz Root", RootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        X509Certificate2 root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var leafKey = RSA.Create(2048);
        X509Certificate2 leaf = new CertificateRequest("CN=Fuzz Leaf", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .Create(root, now.AddHours(-1), now.AddMonths(1), [7, 0x42]);
        return (root, leaf);
    }

    /// <summary>A CRL of the root revoking the leaf.</summary>
    public static byte[] Crl()
    {
        var builder = new CertificateRevocationListBuilder();
        builder.AddEntry(Leaf, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        return builder.Build(Root, 1, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>A basic OCSP response of the root saying the leaf is good.</summary>
    public static byte[] OcspResponse()
    {
        var issuer = new Org.BouncyCastle.X509.X509Certificate(Root.RawData);
        var leaf = new Org.BouncyCastle.X509.X509Certificate(Leaf.RawData);
        var generator = new Org.BouncyCastle.Ocsp.BasicOcspRespGenerator(issuer.GetPublicKey());
        DateTime now = DateTime.UtcNow;
        generator.AddResponse(new Org.BouncyCastle.Ocsp.CertificateID(Org.BouncyCastle.Ocsp.CertificateID.DigestSha1, issuer, leaf.SerialNumber),
            Org.BouncyCastle.Ocsp.CertificateStatus.Good, now.AddMinutes(-1), now.AddDays(1), null);
        var signer = new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory("SHA256WITHRSA", Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(RootKey).Private);
        return new Org.BouncyCastle.Ocsp.OCSPRespGenerator()
            .Generate(Org.BouncyCastle.Ocsp.OCSPRespGenerator.Successful, generator.Generate(signer, [issuer], now)).GetEncoded();
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoHoa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run SoHoa.Fuzz from inside the repository (it reads the sample batch).");
    }
}
