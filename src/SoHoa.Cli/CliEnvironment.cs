using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;

namespace SoHoa.Cli;

/// <summary>Where the command keeps its data, and how it finds a signing key.</summary>
internal static class CliEnvironment
{
    /// <summary>The environment variable that holds the password of the <c>--cert</c> file.</summary>
    public const string CertificatePasswordVariable = "SOHOA_CERT_PASSWORD";

    /// <summary>The environment variable that holds the password of the <c>--seal-cert</c> file.</summary>
    public const string SealPasswordVariable = "SOHOA_SEAL_PASSWORD";

    /// <summary>The user's SoHoa data folder (<c>$XDG_DATA_HOME/sohoa</c> or <c>~/.local/share/sohoa</c>); SOHOA_HOME overrides it.</summary>
    public static string DataDirectory =>
        System.Environment.GetEnvironmentVariable("SOHOA_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData, System.Environment.SpecialFolderOption.Create), "sohoa");

    /// <summary>The default document store.</summary>
    public static string DefaultStore => Path.Combine(DataDirectory, "store");

    /// <summary>Loads the signing key from <paramref name="certificatePath"/>, or the development key (made once) when none is given.</summary>
    public static CertificateKey LoadSigningKey(string? certificatePath, TextWriter warnings)
    {
        if (certificatePath is not null)
        {
            string password = System.Environment.GetEnvironmentVariable(CertificatePasswordVariable) ?? string.Empty;
            return CertificateKey.FromPkcs12(certificatePath, password);
        }

        string pfx = Path.Combine(DataDirectory, "dev-signing.pfx");
        string passwordFile = Path.Combine(DataDirectory, "dev-signing.password");
        if (!File.Exists(pfx) || !File.Exists(passwordFile))
        {
            CreateDevelopmentCertificate(pfx, passwordFile);
        }

        warnings.WriteLine($"WARNING: signing with the DEVELOPMENT certificate {pfx}. It is for development and testing only and has no legal value; give --cert <pfx> with {CertificatePasswordVariable} set to sign for real.");
        return CertificateKey.FromPkcs12(pfx, File.ReadAllText(passwordFile).Trim());
    }

    private static void CreateDevelopmentCertificate(string pfx, string passwordFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pfx)!);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(
            "CN=SoHoa Development Signer (NOT FOR PRODUCTION), O=SoHoa, C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(3));
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        WritePrivate(passwordFile, System.Text.Encoding.ASCII.GetBytes(password));
        WritePrivate(pfx, certificate.Export(X509ContentType.Pkcs12, password));
    }

    private static void WritePrivate(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
