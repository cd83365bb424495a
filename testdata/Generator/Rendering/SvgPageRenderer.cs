using System.Globalization;
using System.Xml.Linq;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Rendering;

/// <summary>Draws a laid-out page as SVG in millimetre user units: black DejaVu text on a white A4 sheet.</summary>
internal static class SvgPageRenderer
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Render(PageLayout page, int widthPx, int heightPx)
    {
        var root = new XElement(Svg + "svg",
            new XAttribute("width", widthPx),
            new XAttribute("height", heightPx),
            new XAttribute("viewBox", Invariant($"0 0 {PageGeometry.WidthMm} {PageGeometry.HeightMm}")),
            new XAttribute("preserveAspectRatio", "none"),
            new XElement(Svg + "rect",
                new XAttribute("width", PageGeometry.WidthMm),
                new XAttribute("height", PageGeometry.HeightMm),
                new XAttribute("fill", "white")),
            page.Lines.Select(Text));
        return new XDocument(root).ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Text(PlacedLine line)
    {
        var style = line.Style;
        var element = new XElement(Svg + "text",
            new XAttribute("x", Round(line.XMm)),
            new XAttribute("y", Round(line.BaselineMm)),
            new XAttribute("font-family", style.Family == FontFamily.Serif ? "DejaVu Serif" : "DejaVu Sans"),
            new XAttribute("font-size", Round(style.SizeMm)),
            new XAttribute("fill", "black"),
            line.Text);
        if (style.Bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        if (style.Italic)
        {
            element.Add(new XAttribute("font-style", "italic"));
        }

        if (line.Align == TextAlign.Center)
        {
            element.Add(new XAttribute("text-anchor", "middle"));
        }

        return element;
    }

    private static string Round(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
