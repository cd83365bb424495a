using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>Decoding shared by the CMS and timestamp validators, tolerant of what other tools write into /Contents.</summary>
internal static class CmsEncoding
{
    /// <summary>Other tools pad /Contents with zeros after the CMS, which may be BER with indefinite lengths: keep only the first encoded value.</summary>
    public static byte[] TrimPadding(byte[] contents)
    {
        try
        {
            var reader = new AsnReader(contents, AsnEncodingRules.BER);
            return reader.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            return contents;
        }
    }

    /// <summary>Decodes an RFC 3161 token and the certificates it carries (which SignedCms reads only when asked, and may find corrupt).</summary>
    public static bool TryReadTimestamp(ReadOnlyMemory<byte> encoded, [NotNullWhen(true)] out Rfc3161TimestampToken? token, [NotNullWhen(true)] out X509Certificate2Collection? pool)
    {
        pool = null;
        try
        {
            if (!Rfc3161TimestampToken.TryDecode(encoded, out token, out _))
            {
                return false;
            }

            pool = token.AsSignedCms().Certificates;
            return true;
        }
        catch (CryptographicException)
        {
            token = null;
            return false;
        }
    }

    /// <summary>The lowercase hex SHA-256 of a certificate, as reports name it.</summary>
    public static string Sha256Of(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
