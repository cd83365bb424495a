using System.Globalization;

namespace SoHoa.TestData.Generator.Degradation;

/// <summary>
/// The catalogue of degradations. To add one, add a line to <see cref="All"/>: a name, the file type, and the
/// ImageMagick operations. Angles are in degrees, clockwise, as ImageMagick's <c>-rotate</c> takes them.
/// </summary>
internal static class Variants
{
    public static readonly IReadOnlyList<Variant> All =
    [
        new("clean", ".png", "as rendered: 300 DPI, 8-bit gray", _ => []),
        Resample(200),
        Resample(150),
        Skew(+1.5),
        Skew(-3),
        Skew(+6),
        Rotate(90),
        Rotate(180),
        Rotate(270),
        new("noise", ".png", "salt-and-pepper speckle", input =>
            ["-seed", Text(input.Seed), "-attenuate", "0.15", "+noise", "Impulse"]),
        new("jpeg35", ".jpg", "JPEG at quality 35", _ => ["-quality", "35"]),
        new("blur", ".png", "slight blur, as from a scanner out of focus", _ => ["-blur", "0x1.2"]),
        new("shadow", ".png", "uneven light: darkens towards the bottom-right corner", input =>
        [
            // A small gradient stretched to the page is much faster than one drawn at full size, and as smooth.
            "(", "-size", "124x175", "-define", "gradient:direction=SouthEast", "gradient:white-gray55",
            "-resize", $"{Text(input.WidthPx)}x{Text(input.HeightPx)}!", ")",
            "-compose", "Multiply", "-composite",
        ]),
    ];

    private static readonly Dictionary<string, Variant> ByName = All.ToDictionary(variant => variant.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names => [.. All.Select(variant => variant.Name)];

    /// <summary>Resolves a comma-separated list of names; reports every unknown name at once.</summary>
    public static IReadOnlyList<Variant> Parse(string names)
    {
        var requested = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Length == 0)
        {
            throw new ArgumentException($"Name at least one variant. Known variants: {string.Join(", ", Names)}.");
        }

        var unknown = requested.Where(name => !ByName.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown variant(s): {string.Join(", ", unknown)}. Known variants: {string.Join(", ", Names)}.");
        }

        return [.. requested.Distinct(StringComparer.Ordinal).Select(name => ByName[name])];
    }

    private static Variant Resample(int dpi) =>
        new($"dpi{Text(dpi)}", ".png", $"resampled to {Text(dpi)} DPI", _ =>
            ["-units", "PixelsPerInch", "-resample", Text(dpi)]); // PNG density is per centimetre until told otherwise

    /// <summary>The page turned slightly on the scanner glass: same canvas, white where the paper left it.</summary>
    public static Variant Skew(double degrees) =>
        new($"skew{degrees.ToString("+0.#;-0.#", CultureInfo.InvariantCulture)}", ".png", Turned(degrees), _ =>
            ["-virtual-pixel", "white", "-filter", "Triangle", "-distort", "SRT", Text(degrees)]); // Triangle: bilinear, twice as fast

    /// <summary>The page fed sideways or upside down; the pipeline has to turn it back.</summary>
    private static Variant Rotate(int degrees) =>
        new($"rot{Text(degrees)}", ".png", Turned(degrees), _ => ["-rotate", Text(degrees)]);

    private static string Turned(double degrees) =>
        degrees >= 0 ? $"turned {Text(degrees)}° clockwise" : $"turned {Text(-degrees)}° anticlockwise";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
