using System.Formats.Asn1;
using System.Security.Cryptography;

namespace SoHoa.Signing.Pkcs11;

/// <summary>What the raw PKCS#11 mechanisms take and give, in the encodings CMS uses: pure DER work, apart from the token session.</summary>
internal static class MechanismEncodings
{
    /// <summary>The DER DigestInfo that PKCS#1 v1.5 signs (RFC 8017 §9.2): the token pads it, the caller names the hash.</summary>
    internal static byte[] DigestInfo(ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm)
    {
        string oid = hashAlgorithm.Name switch
        {
            "SHA256" => "2.16.840.1.101.3.4.2.1",
            "SHA384" => "2.16.840.1.101.3.4.2.2",
            "SHA512" => "2.16.840.1.101.3.4.2.3",
            _ => throw new SoHoaException(SoHoaErrorCode.Signing, $"PKCS#11 keys sign SHA-256, SHA-384 or SHA-512 digests, not {hashAlgorithm.Name}."),
        };
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(oid);
                writer.WriteNull();
            }

            writer.WriteOctetString(digest);
        }

        return writer.Encode();
    }

    /// <summary>CKM_ECDSA returns r and s side by side; CMS wants them as a DER SEQUENCE of two INTEGERs (RFC 3279).</summary>
    internal static byte[] DerSignature(byte[] raw)
    {
        int half = raw.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(half)));
        }

        return writer.Encode();
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> trimmed = value.TrimStart((byte)0);
        return trimmed.IsEmpty ? value[^1..] : trimmed;
    }
}
