using System.Globalization;
using SoHoa.TestData.Generator.Rendering;

namespace SoHoa.TestData.Generator.Degradation;

/// <summary>
/// The back of a sheet that has nothing printed on it: white, with faint grey dust specks. Its ground truth is
/// empty; a pipeline should recognise it as blank.
/// </summary>
internal static class BlankPage
{
    public static Task RenderAsync(ImageMagick magick, string imagePath, int seed, CancellationToken cancellationToken) =>
        magick.CreateAsync(
        [
            "-size", $"{Text(PageRasterizer.WidthPx)}x{Text(PageRasterizer.HeightPx)}", "xc:white",
            "-seed", Text(seed), "-attenuate", "0.02", "+noise", "Impulse",
            "+level", "60%,100%",
            "-colorspace", "Gray", "-depth", "8", "-density", Text(PageRasterizer.Dpi),
        ],
            imagePath, cancellationToken);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
