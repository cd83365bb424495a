namespace SoHoa.Imaging;

/// <summary>Limits and choices for decoding and cleaning page images.</summary>
public sealed class ImagingOptions
{
    /// <summary>The most pixels one page may have; larger pages are refused before any decoding (decompression bombs). Default 150 million (A3 at 1200 DPI).</summary>
    public long MaxPixelsPerPage { get; set; } = 150_000_000;

    /// <summary>The most pages one TIFF may hold. Default 500.</summary>
    public int MaxPagesPerFile { get; set; } = 500;

    /// <summary>The largest page file read, in bytes. Default 256 MiB.</summary>
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxPixelsPerPage < 1)
        {
            problems.Add($"{nameof(MaxPixelsPerPage)} must be positive.");
        }

        if (MaxPagesPerFile < 1)
        {
            problems.Add($"{nameof(MaxPagesPerFile)} must be positive.");
        }

        if (MaxFileBytes < 1)
        {
            problems.Add($"{nameof(MaxFileBytes)} must be positive.");
        }

        return problems;
    }
}
