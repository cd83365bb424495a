using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace SoHoa.Signing.Revocation;

/// <summary>OCSP (RFC 6960) requests and responses, written and read with BouncyCastle.</summary>
internal static class OcspMessages
{
    private const string IdKpOcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>Builds a DER OCSPRequest for one certificate (SHA-1 CertID, as every responder understands), without a nonce so responses can be cached.</summary>
    public static byte[] CreateRequest(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer.ToBouncyCastle(), certificate.ToBouncyCastle().SerialNumber));
        return generator.Generate().GetEncoded();
    }

    /// <summary>Reads a DER OCSPResponse and returns the status of <paramref name="certificate"/>, after checking the responder's signature and authority. Null when the response is not usable.</summary>
    public static RevocationInfo? ReadResponse(ReadOnlySpan<byte> response, X509Certificate2 certificate, X509Certificate2 issuer, out string? problem)
    {
        problem = null;
        try
        {
            var outer = new OcspResp(response.ToArray());
            if (outer.Status != OcspResponseStatus.Successful)
            {
                problem = $"the OCSP responder answered with status {outer.Status} (not successful)";
                return null;
            }

            if (outer.GetResponseObject() is not BasicOcspResp basic)
            {
                problem = "the OCSP response is not a basic response";
                return null;
            }

            // A verification asks every response of a DSS about every certificate of every chain: look for the certificate
            // first, and check the responder's signature only on a response that speaks of it.
            BcCertificate bcIssuer = issuer.ToBouncyCastle();
            Org.BouncyCastle.Math.BigInteger serial = certificate.ToBouncyCastle().SerialNumber;
            SingleResp? single = basic.Responses.FirstOrDefault(r => Names(r.GetCertID(), serial, bcIssuer));
            if (single is null)
            {
                problem = "the OCSP response does not mention the certificate";
                return null;
            }

            RevocationInfo found = Read(single);
            BcCertificate? responder = FindResponder(basic, bcIssuer);
            if (responder is null || !BouncyCastleInterop.SignatureVerifies(BouncyCastleInterop.PublicKeyOf(responder), basic.SignatureAlgorithm.Algorithm.Id,
                    basic.GetTbsResponseData(), basic.GetSignature(), () => basic.Verify(responder.GetPublicKey())))
            {
                problem = "the OCSP response is not signed by the certificate's issuer or a responder it authorised";
                return null;
            }

            return found;
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            problem = "the OCSP response is malformed";
            return null;
        }
    }

    /// <summary>Whether a CertID names the certificate with <paramref name="serial"/> of <paramref name="issuer"/> (by name and key hash, in whatever hash the responder used).</summary>
    private static bool Names(CertificateID id, Org.BouncyCastle.Math.BigInteger serial, BcCertificate issuer)
    {
        if (!id.SerialNumber.Equals(serial))
        {
            return false;
        }

        try
        {
            return id.MatchesIssuer(issuer);
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            // A hash algorithm we do not know: it cannot be shown to name this certificate.
            return false;
        }
    }

    private static RevocationInfo Read(SingleResp single)
    {
        DateTimeOffset thisUpdate = BouncyCastleInterop.ToOffset(single.ThisUpdate);
        DateTimeOffset? nextUpdate = single.NextUpdate is { } next ? BouncyCastleInterop.ToOffset(next) : null;
        RevocationInfo info = single.GetCertStatus() switch
        {
            null => new RevocationInfo(RevocationStatus.Good, thisUpdate, null, "OCSP"),
            RevokedStatus revoked => new RevocationInfo(RevocationStatus.Revoked, thisUpdate, BouncyCastleInterop.ToOffset(revoked.RevocationTime), "OCSP")
            {
                Reason = revoked.HasRevocationReason ? (X509RevocationReason)revoked.RevocationReason : null,
            },
            _ => new RevocationInfo(RevocationStatus.Unknown, thisUpdate, null, "OCSP"),
        };
        return info with { NextUpdate = nextUpdate };
    }

    /// <summary>The certificate whose key must have signed the response: the issuer itself, or a responder it certified for OCSP signing (RFC 6960 4.2.2.2).</summary>
    private static BcCertificate? FindResponder(BasicOcspResp basic, BcCertificate issuer)
    {
        ResponderID id = basic.ResponderId.ToAsn1Object();
        bool Matches(BcCertificate candidate) => id.Name is { } name
            ? name.Equivalent(candidate.SubjectDN, inOrder: true)
            : id.GetKeyHash() is { } keyHash && keyHash.AsSpan().SequenceEqual(SHA1.HashData(candidate.SubjectPublicKeyInfo.PublicKey.GetBytes()));

        if (Matches(issuer))
        {
            return issuer;
        }

        return basic.GetCerts().FirstOrDefault(c => Matches(c) && c.IssuerDN.Equivalent(issuer.SubjectDN, inOrder: true)
            && c.GetExtendedKeyUsage()?.Any(o => o.Id == IdKpOcspSigning) == true
            && BouncyCastleInterop.IsIssuedBy(c, issuer));
    }
}
