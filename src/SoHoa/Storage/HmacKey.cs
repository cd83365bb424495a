using System.Security.Cryptography;
using System.Text;
using SoHoa.Identifiers;

namespace SoHoa.Storage;

/// <summary>
/// A secret for HMAC-SHA256. Two are used: the index key, under which a citizen's key is HMAC(secret, personal ID), so
/// the index, blob names and audit entries never hold the ID itself; and the audit key, which chains the audit log so
/// that nobody without it can rewrite the log. Every worker of a deployment must use the same secrets, and losing the
/// index key means no document can be found again: keep both outside the store (key files or secrets named in
/// configuration) and back them up. The embedded folder store makes its own when none is configured.
/// </summary>
public sealed class HmacKey
{
    /// <summary>The smallest accepted secret, in bytes.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] _secret;

    private HmacKey(byte[] secret) => _secret = secret;

    /// <summary>A key from secret bytes (at least <see cref="MinimumLength"/>).</summary>
    public static HmacKey FromSecret(ReadOnlySpan<byte> secret) =>
        secret.Length >= MinimumLength ? new HmacKey(secret.ToArray()) : throw new SoHoaException(SoHoaErrorCode.Configuration, $"A key needs at least {MinimumLength} bytes of secret.");

    /// <summary>A key read from a file that holds the secret (raw bytes, or Base64 text); the file's content never appears in a message.</summary>
    public static HmacKey FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The key file '{path}' cannot be read: {ex.Message}", innerException: ex);
        }

        string text = Encoding.ASCII.GetString(content).Trim();
        byte[] secret = text.Length >= 44 && IsBase64(text, out byte[]? decoded) ? decoded! : content;
        return secret.Length >= MinimumLength
            ? new HmacKey(secret)
            : throw new SoHoaException(SoHoaErrorCode.Configuration, $"The key file '{path}' holds fewer than {MinimumLength} bytes of secret; restore it from backup.");
    }

    /// <summary>The key in <paramref name="path"/>, made (random, readable by the owner only) when the file does not exist yet.</summary>
    public static HmacKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(RandomNumberGenerator.GetBytes(MinimumLength));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }

        return FromFile(path);
    }

    /// <summary>The index key of a citizen: lower-case hex of HMAC-SHA256(secret, personal ID).</summary>
    public string PersonKey(PersonalId owner) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(owner.Value)));

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under this key, for keyed chains (the audit log) that must not be forgeable without it.</summary>
    public byte[] Mac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_secret, data);

    private static bool IsBase64(string text, out byte[]? decoded)
    {
        decoded = new byte[text.Length];
        if (Convert.TryFromBase64String(text, decoded, out int written))
        {
            decoded = decoded[..written];
            return true;
        }

        decoded = null;
        return false;
    }
}
