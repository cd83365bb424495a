using System.Globalization;
using System.Security.Cryptography;

namespace SoHoa.Signing.Pkcs11;

/// <summary>
/// Where a signing key lives on a PKCS#11 token or HSM: the vendor's module, the token, the key, and where its PIN
/// comes from (an environment variable or a file, never the command line or a setting that is logged).
/// </summary>
public sealed class Pkcs11KeyOptions
{
    /// <summary>The environment variable an officer's PIN is read from when no other source is named.</summary>
    public const string DefaultPinVariable = "SOHOA_PKCS11_PIN";

    /// <summary>The vendor's PKCS#11 module, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public string ModulePath { get; set; } = string.Empty;

    /// <summary>The token's label (as <c>softhsm2-util --show-slots</c> or <c>pkcs11-tool -L</c> print it). This or <see cref="TokenSerial"/>.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The token's serial number; with a label as well, both must match.</summary>
    public string? TokenSerial { get; set; }

    /// <summary>The private key's label (CKA_LABEL). This or <see cref="KeyId"/>.</summary>
    public string? KeyLabel { get; set; }

    /// <summary>The private key's id (CKA_ID) in hexadecimal; with a label as well, both must match.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// A PEM or DER file with the signer's certificate (first) and its issuing CAs, for tokens that hold no certificate
    /// or not the chain. Null: the certificate with the key's id or label, and the CAs above it, are read from the token.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>The environment variable that holds the user PIN; used when <see cref="PinFile"/> is not set.</summary>
    public string PinVariable { get; set; } = DefaultPinVariable;

    /// <summary>A file whose first line is the user PIN (keep it readable by the service account alone).</summary>
    public string? PinFile { get; set; }

    /// <summary>How an RSA key signs: PKCS#1 v1.5 (the default, what every verifier reads) or PSS. Ignored for ECDSA keys.</summary>
    public RSASignaturePadding RsaPadding { get; set; } = RSASignaturePadding.Pkcs1;

    /// <summary>At most this many sessions are open at once (each signature needs one; PKCS#11 sessions are not thread-safe). Default: one per core.</summary>
    public int MaxSessions { get; set; } = Environment.ProcessorCount;

    /// <summary>Returns every problem with these options, each starting with <paramref name="name"/>; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate(string name)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ModulePath))
        {
            problems.Add($"{name}.{nameof(ModulePath)} is required: the token vendor's PKCS#11 module (.so).");
        }
        else if (!File.Exists(ModulePath))
        {
            problems.Add($"{name}.{nameof(ModulePath)}: the PKCS#11 module '{ModulePath}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(TokenLabel) && string.IsNullOrWhiteSpace(TokenSerial))
        {
            problems.Add($"{name}: name the token by {nameof(TokenLabel)} or {nameof(TokenSerial)}.");
        }

        if (string.IsNullOrWhiteSpace(KeyLabel) && string.IsNullOrWhiteSpace(KeyId))
        {
            problems.Add($"{name}: name the key by {nameof(KeyLabel)} or {nameof(KeyId)}.");
        }

        if (KeyId is { Length: > 0 } && !IsHex(KeyId))
        {
            problems.Add($"{name}.{nameof(KeyId)} must be hexadecimal (e.g. 01 or a1b2).");
        }

        if (PinFile is not null && !File.Exists(PinFile))
        {
            problems.Add($"{name}.{nameof(PinFile)}: the PIN file '{PinFile}' does not exist.");
        }
        else if (PinFile is null && string.IsNullOrWhiteSpace(PinVariable))
        {
            problems.Add($"{name}: the PIN comes from {nameof(PinFile)} or the environment variable {nameof(PinVariable)}; neither is set.");
        }

        if (CertificateFile is not null && !File.Exists(CertificateFile))
        {
            problems.Add($"{name}.{nameof(CertificateFile)}: the certificate file '{CertificateFile}' does not exist.");
        }

        if (RsaPadding != RSASignaturePadding.Pkcs1 && RsaPadding != RSASignaturePadding.Pss)
        {
            problems.Add($"{name}.{nameof(RsaPadding)} must be PKCS#1 v1.5 or PSS.");
        }

        if (MaxSessions < 1)
        {
            problems.Add($"{name}.{nameof(MaxSessions)} must be at least 1.");
        }

        return problems;
    }

    /// <summary>How the key is named in messages: module, token and key, never the PIN.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"key {Describe(KeyLabel, KeyId)} on token {Describe(TokenLabel, TokenSerial)} ({Path.GetFileName(ModulePath)})");

    internal byte[]? KeyIdBytes => KeyId is { Length: > 0 } hex && IsHex(hex) ? Convert.FromHexString(hex.Length % 2 == 0 ? hex : "0" + hex) : null;

    private static string Describe(string? label, string? serialOrId) =>
        (label, serialOrId) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"'{label}' ({serialOrId})",
            ({ Length: > 0 }, _) => $"'{label}'",
            _ => $"'{serialOrId}'",
        };

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
