using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Revocation;

/// <summary>Checks the signatures on OCSP responses, CRLs and certificates (RSA PKCS#1 v1.5 and ECDSA with SHA-2).</summary>
internal static class SignatureAlgorithms
{
    /// <summary>True when <paramref name="signature"/> over <paramref name="signed"/> verifies with <paramref name="signer"/>'s public key.</summary>
    public static bool Verify(X509Certificate2 signer, string algorithmOid, ReadOnlySpan<byte> signed, byte[] signature)
    {
        (HashAlgorithmName hash, bool rsa)? algorithm = algorithmOid switch
        {
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, true),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => null,
        };
        if (algorithm is not { } a)
        {
            return false;
        }

        try
        {
            if (a.rsa)
            {
                using RSA? rsa = signer.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(signed, signature, a.hash, RSASignaturePadding.Pkcs1);
            }

            using ECDsa? ecdsa = signer.GetECDsaPublicKey();
            return ecdsa is not null && ecdsa.VerifyData(signed, signature, a.hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            ReadOnlyMemory<byte> tbs = reader.ReadEncodedValue();
            string oid = reader.ReadSequence().ReadObjectIdentifier();
            byte[] signature = reader.ReadBitString(out _);
            return Verify(issuer, oid, tbs.Span, signature);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
