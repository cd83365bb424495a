using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing;

/// <summary>
/// Builds the detached CMS SignedData of a PAdES baseline signature (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached):
/// SHA-256, signed attributes content-type, message-digest and signing-certificate-v2, and no signing-time
/// (PAdES puts the claimed time in the signature dictionary's /M). The key only ever sees the digest of the signed attributes.
/// </summary>
internal static class CadesSignatureBuilder
{
    private const string IdData = "1.2.840.113549.1.7.1";
    private const string IdSignedData = "1.2.840.113549.1.7.2";
    private const string IdContentType = "1.2.840.113549.1.9.3";
    private const string IdMessageDigest = "1.2.840.113549.1.9.4";
    private const string IdSigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string IdSignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    private const string IdSha256 = "2.16.840.1.101.3.4.2.1";
    private const string IdRsaEncryption = "1.2.840.113549.1.1.1";
    private const string IdRsassaPss = "1.2.840.113549.1.1.10";
    private const string IdMgf1 = "1.2.840.113549.1.1.8";
    private const string IdEcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>Signs <paramref name="documentDigest"/> (the SHA-256 of the PDF's byte ranges) and returns the DER-encoded CMS.</summary>
    /// <remarks>With a <paramref name="timestamps"/> client, the signature value is timestamped (B-T) and the token goes in the unsigned attribute id-aa-signatureTimeStampToken.</remarks>
    public static async Task<byte[]> BuildAsync(ReadOnlyMemory<byte> documentDigest, ISignatureKey key, Timestamping.ITimestampClient? timestamps, CancellationToken cancellationToken)
    {
        X509Certificate2 signer = key.Certificate;
        byte[] signedAttributes = EncodeSignedAttributes(documentDigest.Span, signer);
        byte[] attributesDigest = SHA256.HashData(signedAttributes);
        byte[] signature = await key.SignDigestAsync(attributesDigest, HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false);
        bool isRsa = signer.GetRSAPublicKey() is { } rsa && DisposeAndTrue(rsa);
        byte[]? token = null;
        if (timestamps is not null)
        {
            Timestamping.TimestampToken stamp = await Diagnostics.Telemetry.InSpanAsync("sohoa.timestamp", () => timestamps.GetTokenAsync(SHA256.HashData(signature), HashAlgorithmName.SHA256, cancellationToken)).ConfigureAwait(false);
            token = stamp.Encoded;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(IdSignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, IdSha256, withNullParameters: false);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(IdData);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteEncodedValue(signer.RawData);
                    foreach (X509Certificate2 certificate in key.Chain)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    WriteIssuerAndSerial(writer, signer);
                    WriteAlgorithm(writer, IdSha256, withNullParameters: false);

                    // The signed attributes go in as [0] IMPLICIT: the same content as the SET that was signed.
                    writer.WriteEncodedValue(Retag(signedAttributes, 0xA0));
                    if (isRsa && key.RsaPadding == RSASignaturePadding.Pss)
                    {
                        WritePssAlgorithm(writer);
                    }
                    else if (isRsa)
                    {
                        WriteAlgorithm(writer, IdRsaEncryption, withNullParameters: true);
                    }
                    else
                    {
                        WriteAlgorithm(writer, IdEcdsaWithSha256, withNullParameters: false);
                    }

                    writer.WriteOctetString(signature);
                    if (token is not null)
                    {
                        using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(IdSignatureTimeStampToken);
                            using (writer.PushSetOf())
                            {
                                writer.WriteEncodedValue(token);
                            }
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] EncodeSignedAttributes(ReadOnlySpan<byte> documentDigest, X509Certificate2 signer)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdContentType);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(IdData);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdMessageDigest);
                using (writer.PushSetOf())
                {
                    writer.WriteOctetString(documentDigest);
                }
            }

            // signing-certificate-v2 (RFC 5035) binds the signer's certificate to the signature.
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdSigningCertificateV2);
                using (writer.PushSetOf())
                using (writer.PushSequence())
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    // hashAlgorithm is omitted: SHA-256 is its DEFAULT.
                    writer.WriteOctetString(SHA256.HashData(signer.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                        {
                            writer.WriteEncodedValue(signer.IssuerName.RawData);
                        }

                        writer.WriteInteger(signer.SerialNumberBytes.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteIssuerAndSerial(AsnWriter writer, X509Certificate2 certificate)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.IssuerName.RawData);
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool withNullParameters)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (withNullParameters)
            {
                writer.WriteNull();
            }
        }
    }

    /// <summary>RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (RFC 4055 §3.1; the trailer field is its default).</summary>
    private static void WritePssAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(IdRsassaPss);
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    WriteAlgorithm(writer, IdSha256, withNullParameters: true);
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(IdMgf1);
                    WriteAlgorithm(writer, IdSha256, withNullParameters: true);
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                {
                    writer.WriteInteger(32);
                }
            }
        }
    }

    private static byte[] Retag(byte[] encoded, byte tag)
    {
        byte[] copy = (byte[])encoded.Clone();
        copy[0] = tag;
        return copy;
    }

    private static bool DisposeAndTrue(IDisposable disposable)
    {
        disposable.Dispose();
        return true;
    }
}
