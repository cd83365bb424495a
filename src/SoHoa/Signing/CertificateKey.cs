using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing;

/// <summary>A signing key held in memory, loaded from a PKCS#12 (.pfx/.p12) file or from PEM files. RSA (2048 bits or more) and ECDSA P-256/P-384 keys.</summary>
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

    /// <summary>Loads a key from PEM files: <paramref name="certificatePath"/> holds the signer's certificate first, then its chain; <paramref name="keyPath"/> a PKCS#8, PKCS#1 or SEC1 key, encrypted when <paramref name="password"/> is not empty.</summary>
    /// <exception cref="SoHoaException">A file is missing, the password is wrong, or the key does not match the certificate.</exception>
    public static CertificateKey FromPem(string certificatePath, string keyPath, ReadOnlySpan<char> password)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        foreach (string path in new[] { certificatePath, keyPath })
        {
            if (!File.Exists(path))
            {
                throw new SoHoaException(SoHoaErrorCode.Signing, $"The file '{path}' does not exist.");
            }
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(certificatePath);
        }
        catch (CryptographicException)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate file '{certificatePath}' is not PEM.");
        }

        if (certificates.Count == 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The certificate file '{certificatePath}' holds no certificate.");
        }

        string keyText = File.ReadAllText(keyPath);
        X509Certificate2 leaf = certificates[0];
        X509Certificate2 withKey;
        try
        {
            if (leaf.GetRSAPublicKey() is { } rsaPublic)
            {
                rsaPublic.Dispose();
                using var rsa = RSA.Create();
                ImportKey(rsa, keyText, password);
                withKey = leaf.CopyWithPrivateKey(rsa);
            }
            else
            {
                using var ecdsa = ECDsa.Create();
                ImportKey(ecdsa, keyText, password);
                withKey = leaf.CopyWithPrivateKey(ecdsa);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Never echo the key or the password; say only what the user can act on.
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The key file '{keyPath}' could not be used: the password is wrong, the file is not a PEM private key, or the key does not match the certificate.");
        }

        return new CertificateKey(withKey, certificates.Skip(1).ToArray());
    }

    private static void ImportKey(AsymmetricAlgorithm key, string pem, ReadOnlySpan<char> password)
    {
        if (password.IsEmpty)
        {
            key.ImportFromPem(pem);
        }
        else
        {
            key.ImportFromEncryptedPem(pem, password);
        }
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
