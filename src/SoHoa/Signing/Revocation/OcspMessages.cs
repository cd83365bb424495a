using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Revocation;

/// <summary>The status an OCSP response or a CRL gives a certificate.</summary>
public enum RevocationStatus
{
    /// <summary>No usable revocation information.</summary>
    Unknown = 0,

    /// <summary>Not revoked when the information was produced.</summary>
    Good = 1,

    /// <summary>Revoked.</summary>
    Revoked = 2,
}

/// <summary>One certificate's status as read from an OCSP response or a CRL.</summary>
/// <param name="Status">Good, revoked or unknown.</param>
/// <param name="ThisUpdate">
/// The time at which the status is known to have been correct (OCSP thisUpdate, CRL thisUpdate): what a verifier
/// compares with the signing time, since information from before it cannot prove the certificate unrevoked then.
/// </param>
/// <param name="RevokedAt">When the certificate was revoked, if it was.</param>
/// <param name="Source">"OCSP" or "CRL".</param>
public sealed record RevocationInfo(RevocationStatus Status, DateTimeOffset ThisUpdate, DateTimeOffset? RevokedAt, string Source)
{
    /// <summary>When newer information will be available (OCSP and CRL nextUpdate); null when the issuer gives none.</summary>
    public DateTimeOffset? NextUpdate { get; init; }
}

/// <summary>OCSP (RFC 6960) requests and responses, written and read with System.Formats.Asn1.</summary>
internal static class OcspMessages
{
    private const string IdSha1 = "1.3.14.3.2.26";
    private const string IdPkixOcspBasic = "1.3.6.1.5.5.7.48.1.1";
    private const string IdKpOcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>Builds a DER OCSPRequest for one certificate (SHA-1 CertID, as every responder understands), without a nonce so responses can be cached.</summary>
    public static byte[] CreateRequest(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            WriteCertId(writer, certificate, issuer);
        }

        return writer.Encode();
    }

    /// <summary>Reads a DER OCSPResponse and returns the status of <paramref name="certificate"/>, after checking the responder's signature and authority. Null when the response is not usable.</summary>
    public static RevocationInfo? ReadResponse(ReadOnlySpan<byte> response, X509Certificate2 certificate, X509Certificate2 issuer, out string? problem)
    {
        problem = null;
        try
        {
            var outer = new AsnReader(response.ToArray(), AsnEncodingRules.BER).ReadSequence();
            int status = (int)outer.ReadEnumeratedValue<OcspResponseStatus>();
            if (status != 0)
            {
                problem = $"the OCSP responder answered with status {status} (not successful)";
                return null;
            }

            AsnReader responseBytes = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            if (responseBytes.ReadObjectIdentifier() != IdPkixOcspBasic)
            {
                problem = "the OCSP response is not a basic response";
                return null;
            }

            var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.BER).ReadSequence();
            ReadOnlyMemory<byte> tbs = basic.ReadEncodedValue();
            AsnReader algorithm = basic.ReadSequence();
            string signatureAlgorithm = algorithm.ReadObjectIdentifier();
            byte[] signature = basic.ReadBitString(out _);
            var certs = new List<X509Certificate2>();
            if (basic.HasData && basic.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                AsnReader list = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                while (list.HasData)
                {
                    certs.Add(X509CertificateLoader.LoadCertificate(list.ReadEncodedValue().Span));
                }
            }

            // A verification asks every response of a DSS about every certificate of every chain: look for the certificate
            // first, and check the responder's signature only on a response that speaks of it.
            byte[] expectedId = EncodeCertId(certificate, issuer);
            var data = new AsnReader(tbs, AsnEncodingRules.BER).ReadSequence();
            if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                data.ReadEncodedValue();
            }

            data.ReadEncodedValue(); // responderID
            data.ReadGeneralizedTime(); // producedAt
            AsnReader responses = data.ReadSequence();
            RevocationInfo? found = null;
            while (responses.HasData && found is null)
            {
                AsnReader single = responses.ReadSequence();
                ReadOnlyMemory<byte> certId = single.ReadEncodedValue();
                Asn1Tag statusTag = single.PeekTag();
                ReadOnlyMemory<byte> statusValue = single.ReadEncodedValue();
                DateTimeOffset thisUpdate = single.ReadGeneralizedTime();
                DateTimeOffset? nextUpdate = null;
                if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadGeneralizedTime();
                }

                if (!SameCertId(certId.Span, expectedId))
                {
                    continue;
                }

                RevocationInfo info = statusTag.TagValue switch
                {
                    0 => new RevocationInfo(RevocationStatus.Good, thisUpdate, null, "OCSP"),
                    1 => new RevocationInfo(RevocationStatus.Revoked, thisUpdate, ReadRevocationTime(statusValue), "OCSP"),
                    _ => new RevocationInfo(RevocationStatus.Unknown, thisUpdate, null, "OCSP"),
                };
                found = info with { NextUpdate = nextUpdate };
            }

            if (found is null)
            {
                problem = "the OCSP response does not mention the certificate";
                return null;
            }

            X509Certificate2? responder = FindResponder(tbs, issuer, certs);
            if (responder is null || !SignatureAlgorithms.Verify(responder, signatureAlgorithm, tbs.Span, signature))
            {
                problem = "the OCSP response is not signed by the certificate's issuer or a responder it authorised";
                return null;
            }

            return found;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or InvalidOperationException)
        {
            problem = "the OCSP response is malformed";
            return null;
        }
    }

    private static DateTimeOffset ReadRevocationTime(ReadOnlyMemory<byte> revokedInfo)
    {
        var reader = new AsnReader(revokedInfo, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1));
        return reader.ReadGeneralizedTime();
    }

    private static X509Certificate2? FindResponder(ReadOnlyMemory<byte> tbs, X509Certificate2 issuer, List<X509Certificate2> certs)
    {
        var data = new AsnReader(tbs, AsnEncodingRules.BER).ReadSequence();
        if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            data.ReadEncodedValue();
        }

        Asn1Tag idTag = data.PeekTag();
        AsnReader id = data.ReadSequence(idTag);
        bool Matches(X509Certificate2 candidate)
        {
            if (idTag.TagValue == 1)
            {
                return id.PeekEncodedValue().Span.SequenceEqual(candidate.SubjectName.RawData);
            }

            byte[] keyHash = new AsnReader(id.PeekEncodedValue(), AsnEncodingRules.BER).ReadOctetString();
            return keyHash.AsSpan().SequenceEqual(SHA1.HashData(candidate.PublicKey.EncodedKeyValue.RawData));
        }

        if (Matches(issuer))
        {
            return issuer;
        }

        // A delegated responder: certified by the issuer for OCSP signing (RFC 6960 4.2.2.2).
        return certs.FirstOrDefault(c => Matches(c) && c.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
            && c.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == IdKpOcspSigning))
            && SignatureAlgorithms.IsIssuedBy(c, issuer));
    }

    private static byte[] EncodeCertId(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteCertId(writer, certificate, issuer);
        return writer.Encode();
    }

    private static void WriteCertId(AsnWriter writer, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdSha1);
                writer.WriteNull();
            }

            writer.WriteOctetString(SHA1.HashData(issuer.SubjectName.RawData));
            writer.WriteOctetString(SHA1.HashData(issuer.PublicKey.EncodedKeyValue.RawData));
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }

    /// <summary>Compares CertIDs by name hash, key hash and serial; tolerant of an absent NULL in the algorithm.</summary>
    private static bool SameCertId(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        static (string, byte[], byte[], BigInteger) Read(ReadOnlySpan<byte> der)
        {
            var r = new AsnReader(der.ToArray(), AsnEncodingRules.BER).ReadSequence();
            string alg = r.ReadSequence().ReadObjectIdentifier();
            return (alg, r.ReadOctetString(), r.ReadOctetString(), r.ReadInteger());
        }

        var x = Read(a);
        var y = Read(b);
        return x.Item1 == y.Item1 && x.Item2.AsSpan().SequenceEqual(y.Item2) && x.Item3.AsSpan().SequenceEqual(y.Item3) && x.Item4 == y.Item4;
    }

    private enum OcspResponseStatus
    {
        Successful = 0,
        MalformedRequest = 1,
        InternalError = 2,
        TryLater = 3,
        SigRequired = 5,
        Unauthorized = 6,
    }
}
