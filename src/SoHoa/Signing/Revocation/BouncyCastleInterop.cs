using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace SoHoa.Signing.Revocation;

/// <summary>The seams between .NET's X509 types and BouncyCastle's, which read OCSP responses and CRLs.</summary>
internal static class BouncyCastleInterop
{
    // A verification asks about the same few certificates for every response and CRL of a DSS: parse each once.
    private static readonly ConditionalWeakTable<X509Certificate2, BcCertificate> Parsed = [];

    /// <summary>BouncyCastle's view of <paramref name="certificate"/> (parsed from its DER once and kept as long as the certificate lives).</summary>
    public static BcCertificate ToBouncyCastle(this X509Certificate2 certificate) =>
        Parsed.GetValue(certificate, static c => new BcCertificate(c.RawData));

    /// <summary>A BouncyCastle time (UTC) as a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ToOffset(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>True when <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            BcCertificate parsed = certificate.ToBouncyCastle();
            return SignatureVerifies(issuer.PublicKey, parsed.SigAlgOid, parsed.GetTbsCertificate(), parsed.GetSignature(),
                () => parsed.IsSignatureValid(issuer.ToBouncyCastle().GetPublicKey()));
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key (both as BouncyCastle reads them).</summary>
    public static bool IsIssuedBy(BcCertificate certificate, BcCertificate issuer)
    {
        try
        {
            return SignatureVerifies(PublicKeyOf(issuer), certificate.SigAlgOid, certificate.GetTbsCertificate(), certificate.GetSignature(),
                () => certificate.IsSignatureValid(issuer.GetPublicKey()));
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            return false;
        }
    }

    /// <summary>The subject public key of <paramref name="certificate"/> as .NET reads keys.</summary>
    public static PublicKey PublicKeyOf(BcCertificate certificate) =>
        PublicKey.CreateFromSubjectPublicKeyInfo(certificate.CertificateStructure.SubjectPublicKeyInfo.GetEncoded(), out _);

    /// <summary>
    /// True when <paramref name="signature"/> (as the structure's BIT STRING holds it) over <paramref name="signed"/> verifies
    /// with <paramref name="key"/>. RSA PKCS#1 v1.5 and ECDSA with SHA-1 or SHA-2 are checked by .NET: BouncyCastle tests every
    /// RSA modulus it is given for primality before use (for each certificate of each verification: most of a
    /// verification's time, benchmarks/README.md), which .NET does not need to. Any other algorithm (RSA-PSS, EdDSA, ...) is left to
    /// <paramref name="otherwise"/>, BouncyCastle's own check.
    /// </summary>
    public static bool SignatureVerifies(PublicKey key, string algorithmOid, byte[] signed, byte[] signature, Func<bool> otherwise)
    {
        (HashAlgorithmName Hash, bool Rsa)? algorithm = algorithmOid switch
        {
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, true),
            "1.2.840.10045.4.1" => (HashAlgorithmName.SHA1, false),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => null,
        };
        try
        {
            if (algorithm is not { } known)
            {
                return otherwise();
            }

            if (known.Rsa)
            {
                using RSA? rsa = key.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(signed, signature, known.Hash, RSASignaturePadding.Pkcs1);
            }

            using ECDsa? ecdsa = key.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(signed, signature, known.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Whether BouncyCastle threw <paramref name="exception"/> because the data it read (a structure, a key, an algorithm)
    /// is malformed or unsupported, rather than because of a fault of the program.
    /// </summary>
    public static bool IsMalformed(Exception exception) =>
        exception is IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException or OverflowException
            or OcspException or GeneralSecurityException or SecurityUtilityException or CryptographicException;
}
