using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing;

/// <summary>A signing key held in memory, loaded from a PKCS#12 (.pfx/.p12) file. RSA (2048 bits or more) and ECDSA P-256/P-384 keys.</summary>
public sealed class CertificateKey : ISignatureKey, IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;

    private CertificateKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain)
    {
        Certificate = certificate;
        Chain = chain;
        _rsa = certificate.GetRSAPrivateKey();
        _ecdsa = _rsa is null ? certificate.GetECDsaPrivateKey() : null;
        if (_rsa is null && _ecdsa is null)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate '{certificate.Subject}' has no RSA or ECDSA private key.");
        }

        if (_rsa is { KeySize: < 2048 })
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The RSA key of '{certificate.Subject}' has {_rsa.KeySize} bits; at least 2048 are required.");
        }
    }

    /// <inheritdoc/>
    public X509Certificate2 Certificate { get; }

    /// <inheritdoc/>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Loads the key and certificates from a PKCS#12 file.</summary>
    /// <param name="path">The .pfx or .p12 file.</param>
    /// <param name="password">The file's password; it never appears in messages or logs.</param>
    /// <exception cref="SoHoaException">The file is missing, unreadable, the password is wrong, or no certificate has a usable key.</exception>
    public static CertificateKey FromPkcs12(string path, ReadOnlySpan<char> password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate file '{path}' does not exist.");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            // The inner exception can quote internals of the file; keep the message to what the user needs.
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate file '{path}' could not be opened: the password is wrong or the file is not PKCS#12.");
        }

        X509Certificate2? signer = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate file '{path}' holds no certificate with a private key.");
        X509Certificate2[] chain = all.Where(c => !c.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span)).ToArray();
        return new CertificateKey(signer, chain);
    }

    /// <inheritdoc/>
    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        byte[] signature = _rsa is not null
            ? _rsa.SignHash(digest.Span, hashAlgorithm, RSASignaturePadding.Pkcs1)
            : _ecdsa!.SignHash(digest.Span, DSASignatureFormat.Rfc3279DerSequence);
        return Task.FromResult(signature);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        Certificate.Dispose();
        foreach (X509Certificate2 c in Chain)
        {
            c.Dispose();
        }
    }
}
