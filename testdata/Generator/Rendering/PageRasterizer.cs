using System.Globalization;
using System.Text;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Rendering;

/// <summary>Turns a laid-out page into the "clean scan": 8-bit grayscale at 300 DPI, in the format the file name asks for.</summary>
internal sealed class PageRasterizer
{
    public const int Dpi = 300;

    public static readonly int WidthPx = ToPixels(PageGeometry.WidthMm);
    public static readonly int HeightPx = ToPixels(PageGeometry.HeightMm);

    private readonly ExternalTool _rsvg;
    private readonly ImageMagick _magick;

    public PageRasterizer(ExternalTool rsvg, ImageMagick magick)
    {
        _rsvg = rsvg;
        _magick = magick;
    }

    public async Task RenderAsync(PageLayout page, string imagePath, CancellationToken cancellationToken)
    {
        string svgPath = imagePath + ".svg";
        string rgbaPath = imagePath + ".rgba.png";
        try
        {
            await File.WriteAllTextAsync(svgPath, SvgPageRenderer.Render(page, WidthPx, HeightPx), new UTF8Encoding(false), cancellationToken);
            await _rsvg.RunAsync(["--background-color", "white", "--output", rgbaPath, svgPath], cancellationToken);
            await _magick.ConvertAsync(rgbaPath,
                ["-background", "white", "-alpha", "remove", "-alpha", "off", "-colorspace", "Gray", "-depth", "8", "-density", Dpi.ToString(CultureInfo.InvariantCulture)],
                imagePath, cancellationToken);
        }
        finally
        {
            File.Delete(svgPath);
            File.Delete(rgbaPath);
        }
    }

    private static int ToPixels(double millimetres) => (int)Math.Round(millimetres / 25.4 * Dpi);
}
