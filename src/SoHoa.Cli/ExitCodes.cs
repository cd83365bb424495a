namespace SoHoa.Cli;

/// <summary>The documented exit codes of the <c>sohoa</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some input was rejected, a document failed, nothing was found, or a signature is not valid.</summary>
    public const int Incomplete = 1;

    /// <summary>The command line is wrong (System.CommandLine's own code for parse errors).</summary>
    public const int Usage = 2;

    /// <summary>Something the machine needs is missing: Tesseract, its Vietnamese model, Leptonica, or the glyphless font.</summary>
    public const int Environment = 3;

    /// <summary>The input could not be read at all (no manifest, unreadable file) or a certificate could not be loaded.</summary>
    public const int BadInput = 4;

    /// <summary>The document store failed.</summary>
    public const int Storage = 5;

    /// <summary>A remote service (timestamp authority, OCSP responder, CRL server) was unavailable; trying again later may work.</summary>
    public const int Unavailable = 6;

    /// <summary>Maps a library error to an exit code.</summary>
    public static int Of(SoHoaException error) => error.Code switch
    {
        SoHoaErrorCode.Timestamp or SoHoaErrorCode.Revocation when error.IsTransient => Unavailable,
        SoHoaErrorCode.NativeComponent => Environment,
        SoHoaErrorCode.SignaturePlacement => Usage,
        SoHoaErrorCode.Storage => Storage,
        _ => BadInput,
    };
}
