using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Revocation;

/// <summary>Reads an X.509 CRL (RFC 5280 5.1) with System.Formats.Asn1: checks its issuer and signature and finds a serial number in it.</summary>
internal static class CrlReader
{
    /// <summary>The status of <paramref name="certificate"/> according to <paramref name="crl"/> (DER), or null when the CRL is not <paramref name="issuer"/>'s or is malformed.</summary>
    public static RevocationInfo? Read(ReadOnlySpan<byte> crl, X509Certificate2 certificate, X509Certificate2 issuer, out string? problem)
    {
        problem = null;
        try
        {
            var outer = new AsnReader(crl.ToArray(), AsnEncodingRules.DER).ReadSequence();
            ReadOnlyMemory<byte> tbsBytes = outer.ReadEncodedValue();
            string algorithm = outer.ReadSequence().ReadObjectIdentifier();
            byte[] signature = outer.ReadBitString(out _);

            var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence(); // signature algorithm
            ReadOnlyMemory<byte> crlIssuer = tbs.ReadEncodedValue();
            if (!crlIssuer.Span.SequenceEqual(issuer.SubjectName.RawData))
            {
                problem = "the CRL is not issued by the certificate's issuer";
                return null;
            }

            if (!SignatureAlgorithms.Verify(issuer, algorithm, tbsBytes.Span, signature))
            {
                problem = "the CRL's signature does not verify";
                return null;
            }

            DateTimeOffset thisUpdate = ReadTime(tbs);
            DateTimeOffset? nextUpdate = null;
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                nextUpdate = ReadTime(tbs);
            }

            var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                AsnReader revoked = tbs.ReadSequence();
                while (revoked.HasData)
                {
                    AsnReader entry = revoked.ReadSequence();
                    BigInteger number = entry.ReadInteger();
                    DateTimeOffset when = ReadTime(entry);
                    if (number == serial)
                    {
                        return new RevocationInfo(RevocationStatus.Revoked, thisUpdate, when, "CRL") { NextUpdate = nextUpdate };
                    }
                }
            }

            return new RevocationInfo(RevocationStatus.Good, thisUpdate, null, "CRL") { NextUpdate = nextUpdate };
        }
        catch (AsnContentException)
        {
            problem = "the CRL is malformed";
            return null;
        }
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
