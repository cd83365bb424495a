namespace SoHoa.Batches;

/// <summary>The container formats a page file may have, told by its bytes, never by its name alone.</summary>
public enum PageFileFormat
{
    /// <summary>Not a format SoHoa reads.</summary>
    Unknown,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>JPEG (JFIF/EXIF).</summary>
    Jpeg,

    /// <summary>TIFF, possibly with several pages.</summary>
    Tiff,

    /// <summary>PDF (a scanned document, or one already signed elsewhere).</summary>
    Pdf,
}

/// <summary>Tells a page file's format from its first bytes and from its extension.</summary>
public static class PageFileFormats
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs.</summary>
    public const int SniffLength = 8;

    /// <summary>The format the bytes say the file is.</summary>
    public static PageFileFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return PageFileFormat.Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return PageFileFormat.Jpeg;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return PageFileFormat.Tiff;
        }

        return head.StartsWith("%PDF-"u8) ? PageFileFormat.Pdf : PageFileFormat.Unknown;
    }

    /// <summary>The format a file name claims, from its extension.</summary>
    public static PageFileFormat FromExtension(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".PNG" => PageFileFormat.Png,
        ".JPG" or ".JPEG" => PageFileFormat.Jpeg,
        ".TIF" or ".TIFF" => PageFileFormat.Tiff,
        ".PDF" => PageFileFormat.Pdf,
        _ => PageFileFormat.Unknown,
    };
}
