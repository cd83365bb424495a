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

    /// <summary>True when <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key (any algorithm BouncyCastle knows).</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            return certificate.ToBouncyCastle().IsSignatureValid(issuer.ToBouncyCastle().GetPublicKey());
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
