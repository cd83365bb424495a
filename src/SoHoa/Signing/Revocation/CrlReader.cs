using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace SoHoa.Signing.Revocation;

/// <summary>Reads an X.509 CRL (RFC 5280 5.1) with BouncyCastle: checks its issuer and signature and finds a serial number in it.</summary>
internal static class CrlReader
{
    /// <summary>The status of <paramref name="certificate"/> according to <paramref name="crl"/> (DER), or null when the CRL is not <paramref name="issuer"/>'s or is malformed.</summary>
    public static RevocationInfo? Read(ReadOnlySpan<byte> crl, X509Certificate2 certificate, X509Certificate2 issuer, out string? problem)
    {
        problem = null;
        try
        {
            var list = new X509Crl(crl.ToArray());
            BcCertificate bcIssuer = issuer.ToBouncyCastle();
            if (!list.IssuerDN.Equivalent(bcIssuer.SubjectDN, inOrder: true))
            {
                problem = "the CRL is not issued by the certificate's issuer";
                return null;
            }

            if (!SignatureVerifies(list, bcIssuer))
            {
                problem = "the CRL's signature does not verify";
                return null;
            }

            DateTimeOffset thisUpdate = BouncyCastleInterop.ToOffset(list.ThisUpdate);
            DateTimeOffset? nextUpdate = list.NextUpdate is { } next ? BouncyCastleInterop.ToOffset(next) : null;
            if (list.GetRevokedCertificate(certificate.ToBouncyCastle().SerialNumber) is { } entry)
            {
                return new RevocationInfo(RevocationStatus.Revoked, thisUpdate, BouncyCastleInterop.ToOffset(entry.RevocationDate), "CRL")
                {
                    NextUpdate = nextUpdate,
                    Reason = Reason(entry),
                };
            }

            return new RevocationInfo(RevocationStatus.Good, thisUpdate, null, "CRL") { NextUpdate = nextUpdate };
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            problem = "the CRL is malformed";
            return null;
        }
    }

    private static bool SignatureVerifies(X509Crl crl, BcCertificate issuer)
    {
        try
        {
            return BouncyCastleInterop.SignatureVerifies(BouncyCastleInterop.PublicKeyOf(issuer), crl.SigAlgOid, crl.GetTbsCertList(), crl.GetSignature(),
                () => crl.IsSignatureValid(issuer.GetPublicKey()));
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            return false;
        }
    }

    /// <summary>The entry's reasonCode extension (RFC 5280 5.3.1), if it has one.</summary>
    private static X509RevocationReason? Reason(X509CrlEntry entry)
    {
        Asn1OctetString? value = entry.GetExtensionValue(X509Extensions.ReasonCode);
        return value is null ? null : (X509RevocationReason)DerEnumerated.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).IntValueExact;
    }
}
