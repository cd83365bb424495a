using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging;

/// <summary>
/// Decodes page files into <see cref="CleanPage"/>s with Leptonica, after checking their headers in managed code.
/// </summary>
public sealed class PageDecoder
{
    private const double A4LongSideInches = 297 / 25.4;
    private static readonly int[] CommonDpis = [100, 150, 200, 240, 300, 400, 600, 1200];
    private readonly ImagingOptions _options;

    /// <summary>Creates a decoder with validated options.</summary>
    public PageDecoder(ImagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid imaging options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
    }

    /// <summary>Reads a page file and decodes all its pages, in order.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="label">How to name the file in results and errors (usually its path relative to the batch).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidPageException">The file is damaged, too large, or of an unsupported kind.</exception>
    public async Task<IReadOnlyList<CleanPage>> DecodeFileAsync(string path, string label, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await ReadFileAsync(path, label, cancellationToken).ConfigureAwait(false);
        return Decode(bytes, label);
    }

    /// <summary>
    /// Reads a page file whole, refusing one larger than <see cref="ImagingOptions.MaxFileBytes"/>: the limit is held
    /// while reading, not only checked beforehand, so a file that grows (or is swapped) after the batch was checked is
    /// refused too, and nothing beyond the limit is ever held in memory.
    /// </summary>
    /// <exception cref="InvalidPageException">The file is missing or too large.</exception>
    public async Task<byte[]> ReadFileAsync(string path, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidPageException(InputRules.FileMissing, $"'{label}' does not exist.");
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ReadLimitedAsync(stream, label, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an open page file whole, within <see cref="ImagingOptions.MaxFileBytes"/> held while reading.</summary>
    /// <exception cref="InvalidPageException">The file is larger than the limit.</exception>
    internal async Task<byte[]> ReadLimitedAsync(Stream stream, string label, CancellationToken cancellationToken)
    {
        try
        {
            return await BoundedRead.ReadAllAsync(stream, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BoundedRead.TooLargeException ex)
        {
            throw new InvalidPageException(InputRules.FileSize, $"'{label}' has {ex.Description} bytes, more than the limit of {_options.MaxFileBytes:N0}.");
        }
    }

    /// <summary>Decodes all pages of an in-memory page file.</summary>
    /// <exception cref="InvalidPageException">The bytes are damaged, too large, or of an unsupported kind.</exception>
    public IReadOnlyList<CleanPage> Decode(byte[] bytes, string label)
    {
        var pages = new List<CleanPage>();
        try
        {
            pages.AddRange(DecodeEach(bytes, label));
        }
        catch
        {
            foreach (CleanPage page in pages)
            {
                page.Dispose();
            }

            throw;
        }

        return pages;
    }

    /// <summary>
    /// Decodes the pages of an in-memory page file one at a time, as they are enumerated, so that a multi-page file never
    /// holds more than the page in hand. The file's kind and header are checked at once; each page returned is the
    /// caller's to dispose.
    /// </summary>
    /// <exception cref="InvalidPageException">The bytes are damaged, too large, or of an unsupported kind.</exception>
    internal IEnumerable<CleanPage> DecodeEach(byte[] bytes, string label)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new InvalidPageException(InputRules.FileEmpty, $"'{label}' is empty.");
        }

        PageFileFormat format = PageFileFormats.Sniff(bytes);
        if (format == PageFileFormat.Unknown)
        {
            throw new InvalidPageException(InputRules.FileFormat, $"'{label}' is not a PNG, JPEG or TIFF image.");
        }

        ImageHeader header = ImageHeaderReader.Read(bytes, format, _options);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return Pages();

        IEnumerable<CleanPage> Pages()
        {
            for (int i = 0; i < header.Pages.Count; i++)
            {
                yield return DecodePage(bytes, format, i, new PageSource(label, i + 1, sha256));
            }
        }
    }

    /// <summary>The limits and cleanup choices in use.</summary>
    internal ImagingOptions Options => _options;

    /// <summary>
    /// Decodes one page image taken out of a container (the scan on a page of a PDF), checked like any page file,
    /// and recorded as page <see cref="PageSource.PageInFile"/> of <paramref name="source"/>'s file.
    /// </summary>
    /// <param name="image">The page image as a PNG, JPEG or TIFF file.</param>
    /// <param name="source">The container file and the page's place in it.</param>
    /// <param name="dpi">The resolution the container gives the page, or 0 to use the image's own.</param>
    internal CleanPage DecodeEmbedded(byte[] image, PageSource source, int dpi)
    {
        PageFileFormat format = PageFileFormats.Sniff(image);
        if (format is PageFileFormat.Unknown or PageFileFormat.Pdf)
        {
            throw new InvalidPageException(InputRules.ImageFormat, $"Page {source.PageInFile} of '{source.File}' holds an image SoHoa cannot read.");
        }

        ImageHeader header;
        try
        {
            header = ImageHeaderReader.Read(image, format, _options);
        }
        catch (InvalidPageException ex)
        {
            throw new InvalidPageException(ex.Rule, $"Page {source.PageInFile} of '{source.File}': {ex.Message}");
        }

        return header.Pages.Count == 1
            ? DecodePage(image, format, 0, source, dpi)
            : throw new InvalidPageException(InputRules.ImageCorrupt, $"Page {source.PageInFile} of '{source.File}' holds a multi-page image.");
    }

    private CleanPage DecodePage(byte[] bytes, PageFileFormat format, int index, PageSource source, int dpiOverride = 0)
    {
        SafePixHandle pix = format == PageFileFormat.Tiff
            ? LeptonicaNative.pixReadMemTiff(ref MemoryMarshal.GetArrayDataReference(bytes), (nuint)bytes.Length, index)
            : LeptonicaNative.pixReadMem(ref MemoryMarshal.GetArrayDataReference(bytes), (nuint)bytes.Length);
        if (pix.IsInvalid)
        {
            pix.Dispose();
            throw new InvalidPageException(InputRules.ImageCorrupt, $"Page {source.PageInFile} of '{source.File}' cannot be decoded: the image data is damaged.");
        }

        using (pix)
        {
            (int dpi, bool estimated) = dpiOverride is >= 70 and <= 2400 ? (dpiOverride, false) : ResolutionOf(pix);
            using SafePixHandle normalized = Normalize(pix);
            PageCleaner.Result cleaned = Telemetry.InSpan("sohoa.clean", () => PageCleaner.Clean(normalized, dpi, source, _options));
            try
            {
                using SafePixHandle? upright = cleaned.Upright;

                // A JPEG keeps its own bytes in the PDF unless it had to be turned upright.
                VisibleImage visible = format == PageFileFormat.Jpeg && upright is null
                    ? new VisibleImage(VisibleImageEncoding.Jpeg, normalized.Width, normalized.Height, normalized.Depth == 32 ? 3 : 1, 8, bytes)
                    : PixSamples.ToVisibleImage(upright ?? normalized);
                return new CleanPage(source, visible, cleaned.OcrImage, dpi, estimated, cleaned.Cleanup);
            }
            catch
            {
                cleaned.OcrImage.Dispose();
                throw;
            }
        }
    }

    /// <summary>Brings any decoded image to 1-bit, 8-bit gray or 32-bit RGB without a colour map or alpha.</summary>
    private static SafePixHandle Normalize(SafePixHandle pix)
    {
        SafePixHandle current = pix.HasColormap
            ? LeptonicaNative.pixRemoveColormap(pix, LeptonicaNative.RemoveColormapBasedOnSource)
            : LeptonicaNative.pixClone(pix);
        SafePixHandle? next = current.Depth switch
        {
            32 => LeptonicaNative.pixRemoveAlpha(current),
            1 or 8 => null,
            _ => LeptonicaNative.pixConvertTo8(current, 0),
        };
        if (next is not null)
        {
            current.Dispose();
            current = next;
        }

        if (current.IsInvalid)
        {
            current.Dispose();
            throw new InvalidPageException(InputRules.ImageCorrupt, "The decoded image could not be brought to gray or RGB samples.");
        }

        return current;
    }

    private static (int Dpi, bool Estimated) ResolutionOf(SafePixHandle pix)
    {
        int dpi = pix.XResolution;
        if (dpi is >= 70 and <= 2400)
        {
            return (dpi, false);
        }

        // No usable resolution: assume an A4 page, and round to the nearest common scanner setting.
        double guess = Math.Max(pix.Width, pix.Height) / A4LongSideInches;
        return (CommonDpis.MinBy(d => Math.Abs(d - guess)), true);
    }
}
