namespace SoHoa;

/// <summary>The one root of the exceptions SoHoa throws for problems with input, tools or storage.</summary>
/// <remarks>
/// Misuse of the API (a null argument, an option out of range) throws the standard .NET exceptions instead.
/// The message never contains secrets such as key material or passwords.
/// </remarks>
public class SoHoaException : Exception
{
    /// <summary>Creates an exception with an error code and a message.</summary>
    public SoHoaException(SoHoaErrorCode code, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        IsTransient = isTransient;
    }

    /// <summary>What kind of problem this is; stable across versions and mapped to CLI exit codes.</summary>
    public SoHoaErrorCode Code { get; }

    /// <summary>True when retrying the same operation later may succeed (a busy disk, a TSA down).</summary>
    public bool IsTransient { get; }
}

/// <summary>Stable codes for <see cref="SoHoaException"/>.</summary>
public enum SoHoaErrorCode
{
    /// <summary>The batch manifest is missing, not JSON, or does not follow its schema.</summary>
    InvalidManifest = 1,

    /// <summary>An input file is missing, empty, truncated, or not what it claims to be.</summary>
    InvalidInputFile = 2,

    /// <summary>An identifier (personal ID, dossier code, procedure code) is not valid.</summary>
    InvalidIdentifier = 3,

    /// <summary>A native component (Tesseract, Leptonica) is missing or failed.</summary>
    NativeComponent = 4,

    /// <summary>OCR failed on a page.</summary>
    Ocr = 5,

    /// <summary>A PDF could not be written or read.</summary>
    Pdf = 6,

    /// <summary>A signature could not be made, or a signing key could not be loaded.</summary>
    Signing = 7,

    /// <summary>The document store or its index failed.</summary>
    Storage = 8,

    /// <summary>Configuration is invalid.</summary>
    Configuration = 9,

    /// <summary>The timestamp authority could not be reached, refused, or answered with an unusable token.</summary>
    Timestamp = 10,

    /// <summary>Revocation data (OCSP, CRL) could not be obtained, or a certificate is revoked.</summary>
    Revocation = 11,

    /// <summary>A visible signature cannot be placed: its page is beyond the document, or its box leaves the page.</summary>
    SignaturePlacement = 12,

    /// <summary>A full-text search query cannot be run: it has no word to search for, is too long, or has a prefix too short.</summary>
    InvalidQuery = 13,
}
