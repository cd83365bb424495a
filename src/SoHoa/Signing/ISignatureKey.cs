using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing;

/// <summary>
/// A signing key that signs a digest it is handed. The PDF and CMS code never touch key material, so a hardware
/// security module or a remote signing service can implement this without changes elsewhere.
/// </summary>
public interface ISignatureKey
{
    /// <summary>The signer's certificate.</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>The certificates between the signer and its root (issuing CAs), to embed in the signature. May be empty.</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>How an RSA key pads its signatures: PKCS#1 v1.5 unless the key says PSS; the signature names it in its algorithm identifier. Ignored for ECDSA keys.</summary>
    RSASignaturePadding RsaPadding => RSASignaturePadding.Pkcs1;

    /// <summary>Signs <paramref name="digest"/>, a <paramref name="hashAlgorithm"/> hash. RSA keys sign with <see cref="RsaPadding"/>; ECDSA keys return a DER (RFC 3279) signature.</summary>
    Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default);
}
