using SoHoa.Imaging;
using SoHoa.Pdf.Composition;

namespace SoHoa.Pdf;

/// <summary>
/// A page's visible image in the lossless form its PDF keeps it in: the scan's JPEG as it came, CCITT G4 for black and
/// white, Flate otherwise (docs/architecture.md, "Searchable PDF/A"). Made as soon as a page is read, it is all a
/// document holds of each page's image until its PDF is composed: a compressed megabyte or so instead of the raw
/// samples (8.7 MB for a gray A4 page at 300 DPI, 26 MB in colour), so memory does not grow with a document's pages.
/// </summary>
public sealed class EncodedImage
{
    private EncodedImage(ImageXObject xobject, int width, int height)
    {
        XObject = xobject;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>How many bytes the encoded image takes in the PDF.</summary>
    public int Length => XObject.Data.Length;

    /// <summary>The image XObject to write.</summary>
    internal ImageXObject XObject { get; }

    /// <summary>Encodes <paramref name="image"/> in the smallest lossless form the PDF can hold (the work is done here, once).</summary>
    /// <exception cref="ArgumentException">The image's samples do not match its size.</exception>
    public static EncodedImage Encode(VisibleImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new EncodedImage(ImageXObject.From(image), image.Width, image.Height);
    }
}
