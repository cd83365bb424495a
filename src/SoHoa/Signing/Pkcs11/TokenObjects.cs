using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;

namespace SoHoa.Signing.Pkcs11;

/// <summary>The private key and certificates a <see cref="Pkcs11SignatureKey"/> finds on its token, in one logged-in session.</summary>
internal static class TokenObjects
{
    /// <summary>The one private key that <paramref name="options"/> names, with what signing needs to know of it.</summary>
    /// <exception cref="SoHoaException">No key or several keys match, or the key may not sign (permanent).</exception>
    public static FoundKey FindKey(ISession session, Pkcs11KeyOptions options, IObjectAttributeFactory attributes)
    {
        var template = new List<IObjectAttribute> { attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY) };
        if (options.KeyLabel is { Length: > 0 } label)
        {
            template.Add(attributes.Create(CKA.CKA_LABEL, label));
        }

        if (options.KeyIdBytes is { } id)
        {
            template.Add(attributes.Create(CKA.CKA_ID, id));
        }

        List<IObjectHandle> keys = session.FindAllObjects(template);
        if (keys.Count != 1)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, keys.Count == 0
                ? $"The PKCS#11 {options} was not found: no private key on the token has that label or id."
                : $"The PKCS#11 {options} is ambiguous: {keys.Count} private keys match; name it by label and id.");
        }

        List<IObjectAttribute> values = session.GetAttributeValue(keys[0], [CKA.CKA_KEY_TYPE, CKA.CKA_SIGN, CKA.CKA_ID, CKA.CKA_LABEL]);
        if (!values[1].GetValueAsBool())
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The PKCS#11 {options} may not sign (its CKA_SIGN attribute is false): use the token's signing key.");
        }

        var type = (CKK)values[0].GetValueAsUlong();
        if (type is not (CKK.CKK_RSA or CKK.CKK_EC))
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The PKCS#11 {options} is a {type} key; SoHoa signs with RSA and ECDSA keys.");
        }

        return new FoundKey(keys[0], type == CKK.CKK_RSA, values[2].GetValueAsByteArray() ?? [], values[3].GetValueAsString() ?? string.Empty);
    }

    /// <summary>The signer's certificate and the CAs above it: from <see cref="Pkcs11KeyOptions.CertificateFile"/>, or from the token.</summary>
    /// <exception cref="SoHoaException">No certificate belongs to the key (permanent).</exception>
    public static (X509Certificate2 Signer, X509Certificate2[] Chain) FindCertificates(ISession session, Pkcs11KeyOptions options, FoundKey key, IObjectAttributeFactory attributes)
    {
        if (options.CertificateFile is { } file)
        {
            X509Certificate2Collection fromFile = LoadFile(file, options);
            return (fromFile[0], [.. fromFile.Skip(1)]);
        }

        List<X509Certificate2> onToken = [];
        foreach (IObjectHandle handle in session.FindAllObjects([attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509)]))
        {
            List<IObjectAttribute> values = session.GetAttributeValue(handle, [CKA.CKA_VALUE, CKA.CKA_ID, CKA.CKA_LABEL]);
            if (values[0].GetValueAsByteArray() is { Length: > 0 } der)
            {
                X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
                bool sameId = key.Id.Length > 0 && (values[1].GetValueAsByteArray() ?? []).AsSpan().SequenceEqual(key.Id);
                bool sameLabel = key.Label.Length > 0 && values[2].GetValueAsString() == key.Label;
                onToken.Insert(sameId || sameLabel ? 0 : onToken.Count, certificate);
            }
        }

        X509Certificate2 signer = onToken.FirstOrDefault(c => IsPairedWith(c, key, session, attributes))
            ?? throw new SoHoaException(SoHoaErrorCode.Signing, $"The token holds no certificate for the PKCS#11 {options} (none has its id or label): give the certificate file.");
        return (signer, IssuersOf(signer, onToken));
    }

    /// <summary>The CAs above <paramref name="signer"/> among <paramref name="candidates"/>, nearest first, without the self-signed root.</summary>
    private static X509Certificate2[] IssuersOf(X509Certificate2 signer, List<X509Certificate2> candidates)
    {
        var chain = new List<X509Certificate2>();
        X509Certificate2 current = signer;
        while (!IsSelfSigned(current)
            && candidates.FirstOrDefault(c => c != signer && !chain.Contains(c) && c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData)) is { } issuer
            && !IsSelfSigned(issuer))
        {
            chain.Add(issuer);
            current = issuer;
        }

        return [.. chain];
    }

    private static bool IsPairedWith(X509Certificate2 certificate, FoundKey key, ISession session, IObjectAttributeFactory attributes)
    {
        if (!key.IsRsa)
        {
            // An EC private key does not carry its point; which certificate is the key's is proven by a test signature later.
            return certificate.GetECDsaPublicKey() is { } ec && DisposeAndTrue(ec);
        }

        using RSA? rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return false;
        }

        byte[] modulus = session.GetAttributeValue(key.Handle, [CKA.CKA_MODULUS])[0].GetValueAsByteArray() ?? [];
        return rsa.ExportParameters(false).Modulus.AsSpan().SequenceEqual(modulus.AsSpan().TrimStart((byte)0));
    }

    private static X509Certificate2Collection LoadFile(string path, Pkcs11KeyOptions options)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                certificates.ImportFromPemFile(path);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The certificate file '{path}' of the PKCS#11 {options} is not a readable PEM or DER certificate.");
        }

        return certificates.Count > 0
            ? certificates
            : throw new SoHoaException(SoHoaErrorCode.Configuration, $"The certificate file '{path}' of the PKCS#11 {options} holds no certificate.");
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static bool DisposeAndTrue(IDisposable disposable)
    {
        disposable.Dispose();
        return true;
    }
}

/// <summary>A private key found on a token: its handle (valid until the token is removed or the login ends), its kind, id and label.</summary>
internal sealed record FoundKey(IObjectHandle Handle, bool IsRsa, byte[] Id, string Label);
