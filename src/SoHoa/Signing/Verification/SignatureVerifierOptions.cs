using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>What a signature is checked against.</summary>
public sealed class SignatureVerifierOptions
{
    /// <summary>The trust anchors: root (or intermediate) certificates whose signers are trusted. Empty: no signer is trusted.</summary>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>Fetches revocation data online for certificates the DSS says nothing about (used by <see cref="PdfSignatureVerifier.VerifyAsync"/>); null: offline.</summary>
    public SoHoa.Signing.Revocation.RevocationFetcher? RevocationFetcher { get; set; }

    /// <summary>Loads PEM or DER certificates from a file into <see cref="TrustAnchors"/>.</summary>
    public SignatureVerifierOptions Trust(string certificateFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateFile);
        if (!File.Exists(certificateFile))
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The trust anchor file '{certificateFile}' does not exist.");
        }

        var loaded = new X509Certificate2Collection();
        try
        {
            string text = File.ReadAllText(certificateFile);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                loaded.ImportFromPem(text);
            }
            else if (new FileInfo(certificateFile).Length > 0)
            {
                loaded.Add(X509CertificateLoader.LoadCertificateFromFile(certificateFile));
            }
        }
        catch (CryptographicException)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The trust anchor file '{certificateFile}' is not a PEM or DER certificate.");
        }

        if (loaded.Count == 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The trust anchor file '{certificateFile}' holds no certificate.");
        }

        TrustAnchors.AddRange(loaded);
        return this;
    }
}
