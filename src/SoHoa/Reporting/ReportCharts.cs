using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;

namespace SoHoa.Reporting;

/// <summary>
/// The report's two charts, drawn by ScottPlot and kept as SVG to inline in the HTML page: the rates per agency against
/// each agency's target, and the monthly trend. Each chart's SVG gets a title and description for screen readers
/// (<c>role="img"</c>), ids of its own (two inlined charts must not share clip paths), a font list a viewer without
/// DejaVu can fall back on, and a view box so it scales with the page.
/// </summary>
internal static class ReportCharts
{
    /// <summary>At most this many agencies are drawn; the table lists all of them.</summary>
    public const int MaxAgencies = 40;

    private const string FontFamily = "DejaVu Sans";
    private static readonly Color ResultsColor = Color.FromHex("#1f77b4");
    private static readonly Color DossiersColor = Color.FromHex("#2ca02c");
    private static readonly Color ReuseColor = Color.FromHex("#9467bd");
    private static readonly Color TargetColor = Color.FromHex("#d62728");
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>An inline SVG chart and its text alternative.</summary>
    /// <param name="Markup">The <c>&lt;svg&gt;</c> element.</param>
    /// <param name="Title">Its title.</param>
    /// <param name="Description">What it shows, for a reader who cannot see it.</param>
    public sealed record Chart(string Markup, string Title, string Description);

    /// <summary>Per agency: results digitized and dossiers digitized, each bar with the agency's target as a line across it.</summary>
    public static Chart? Agencies(DigitizationReport report)
    {
        List<ReportLine> lines = report.ByAgency.Where(a => a.Figures.DossiersReceived > 0 || a.Figures.ResultsIssued > 0).ToList();
        if (lines.Count == 0)
        {
            return null;
        }

        bool cut = lines.Count > MaxAgencies;
        if (cut)
        {
            // The agencies furthest behind are the ones a reader looks for.
            lines = lines.OrderBy(a => a.Rates.ResultsDigitized ?? -1).ThenBy(a => a.Rates.DossiersDigitized ?? -1).ThenBy(a => a.Key, StringComparer.Ordinal).Take(MaxAgencies).ToList();
        }

        var plot = new Plot();
        plot.Font.Set(FontFamily);
        var results = new List<Bar>();
        var dossiers = new List<Bar>();
        bool targetInLegend = false;
        for (int i = 0; i < lines.Count; i++)
        {
            ReportLine line = lines[i];
            double y = lines.Count - 1 - i;
            results.Add(HorizontalBar(y + 0.2, line.Rates.ResultsDigitized, ResultsColor));
            dossiers.Add(HorizontalBar(y - 0.2, line.Rates.DossiersDigitized, DossiersColor));
            foreach ((double? target, double at) in new[] { (line.Targets?.ResultsDigitized, y + 0.2), (line.Targets?.DossiersDigitized, y - 0.2) })
            {
                if (target is { } t)
                {
                    LinePlot mark = plot.Add.Line(t, at - 0.24, t, at + 0.24);
                    mark.LineColor = TargetColor;
                    mark.LineWidth = 3;
                    if (!targetInLegend)
                    {
                        mark.LegendText = "Mục tiêu";
                        targetInLegend = true;
                    }
                }
            }
        }

        plot.Add.Bars(results).LegendText = "Tỷ lệ kết quả được số hóa (%)";
        plot.Add.Bars(dossiers).LegendText = "Tỷ lệ hồ sơ có thành phần số hóa (%)";
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, lines.Count).Select(i => (double)(lines.Count - 1 - i)).ToArray(),
            lines.Select(l => Shorten(l.Label, 42)).ToArray());
        plot.Axes.SetLimits(0, 112, -0.6, lines.Count - 0.4);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(10);
        plot.Axes.Bottom.Label.Text = "Tỷ lệ (%)";
        plot.Title($"Tỷ lệ số hóa theo cơ quan, so với mục tiêu năm {report.Scope.TargetYear}");
        plot.ShowLegend(Edge.Bottom);

        string title = "Biểu đồ tỷ lệ số hóa theo cơ quan";
        string description =
            $"Biểu đồ thanh ngang: mỗi cơ quan có hai thanh, tỷ lệ kết quả được số hóa và tỷ lệ hồ sơ có thành phần được số hóa, vạch đỏ là mục tiêu năm {report.Scope.TargetYear} theo cấp của cơ quan. " +
            (cut ? $"Chỉ vẽ {MaxAgencies} trong {report.ByAgency.Count} cơ quan có tỷ lệ thấp nhất; bảng bên dưới có đủ các cơ quan. " : string.Empty) +
            string.Join("; ", lines.Select(l => $"{l.Label}: kết quả {Percent(l.Rates.ResultsDigitized)}, hồ sơ {Percent(l.Rates.DossiersDigitized)}, mục tiêu {Percent(l.Targets?.ResultsDigitized)}")) + ".";
        return new Chart(Inline(plot.GetSvgXml(960, 170 + (64 * lines.Count)), "chart-agencies", title, description), title, description);
    }

    /// <summary>Per month: the three rates, with the target as a step line when one level applies.</summary>
    public static Chart? Trend(DigitizationReport report)
    {
        IReadOnlyList<ReportLine> months = report.ByMonth;
        if (months.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        plot.Font.Set(FontFamily);
        Series(plot, months, l => l.Rates.ResultsDigitized, ResultsColor, "Tỷ lệ kết quả được số hóa (%)");
        Series(plot, months, l => l.Rates.DossiersDigitized, DossiersColor, "Tỷ lệ hồ sơ có thành phần số hóa (%)");
        Series(plot, months, l => l.Rates.DossiersReused, ReuseColor, "Tỷ lệ hồ sơ được tái sử dụng (%)");
        if (months.All(m => m.Targets?.ResultsDigitized is not null))
        {
            double[] xs = Enumerable.Range(0, months.Count).Select(i => (double)i).ToArray();
            Scatter target = plot.Add.Scatter(xs, months.Select(m => m.Targets!.ResultsDigitized!.Value).ToArray());
            target.Color = TargetColor;
            target.LinePattern = LinePattern.Dashed;
            target.MarkerSize = 0;
            target.LineWidth = 2;
            target.ConnectStyle = ConnectStyle.StepHorizontal;
            target.LegendText = "Mục tiêu";
        }

        int step = Math.Max(1, (int)Math.Ceiling(months.Count / 12.0));
        int[] ticks = Enumerable.Range(0, months.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => months[i].Label).ToArray());
        plot.Axes.SetLimits(-0.5, months.Count - 0.5, 0, 105);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(10);
        plot.Axes.Left.Label.Text = "Tỷ lệ (%)";
        plot.Axes.Bottom.Label.Text = "Tháng tiếp nhận";
        plot.Title("Diễn biến theo tháng");
        plot.ShowLegend(Edge.Bottom);

        string title = "Biểu đồ diễn biến tỷ lệ số hóa theo tháng";
        string description = "Biểu đồ đường theo tháng tiếp nhận: tỷ lệ kết quả được số hóa, tỷ lệ hồ sơ có thành phần số hóa và tỷ lệ hồ sơ được tái sử dụng. " +
            string.Join("; ", months.Select(m => $"{m.Label}: {Percent(m.Rates.ResultsDigitized)}, {Percent(m.Rates.DossiersDigitized)}, {Percent(m.Rates.DossiersReused)}")) + ".";
        return new Chart(Inline(plot.GetSvgXml(960, 460), "chart-trend", title, description), title, description);
    }

    private static Bar HorizontalBar(double position, double? rate, Color color) => new()
    {
        Position = position,
        Value = rate ?? 0,
        Size = 0.38,
        FillColor = color,
        LineWidth = 0,
        Orientation = Orientation.Horizontal,
        Label = rate is null ? "không có" : Percent(rate),
    };

    private static void Series(Plot plot, IReadOnlyList<ReportLine> months, Func<ReportLine, double?> rate, Color color, string legend)
    {
        double[] xs = Enumerable.Range(0, months.Count).Where(i => rate(months[i]) is not null).Select(i => (double)i).ToArray();
        if (xs.Length == 0)
        {
            return;
        }

        Scatter series = plot.Add.Scatter(xs, xs.Select(x => rate(months[(int)x])!.Value).ToArray());
        series.Color = color;
        series.LineWidth = 2;
        series.MarkerSize = 7;
        series.LegendText = legend;
    }

    private static string Percent(double? rate) => rate is { } r ? r.ToString("0.0", ReportHtml.Numbers) + " %" : "không có";

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>Makes ScottPlot's SVG document an element fit to inline: accessible, with ids of its own, scalable.</summary>
    private static string Inline(string svg, string id, string title, string description)
    {
        XDocument document = XDocument.Parse(svg);
        XElement root = document.Root!;
        string width = (string?)root.Attribute("width") ?? "960";
        string height = (string?)root.Attribute("height") ?? "480";
        foreach (XElement element in root.DescendantsAndSelf())
        {
            foreach (XAttribute attribute in element.Attributes().ToList())
            {
                if (attribute.Name == "id")
                {
                    attribute.Value = id + "-" + attribute.Value;
                }
                else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    attribute.Value = attribute.Value.Replace("url(#", "url(#" + id + "-", StringComparison.Ordinal);
                }
                else if (attribute.Name.LocalName == "href" && attribute.Value.StartsWith('#'))
                {
                    attribute.Value = "#" + id + "-" + attribute.Value[1..];
                }
                else if (attribute.Name == "font-family")
                {
                    attribute.Value = $"'{FontFamily}', 'Segoe UI', Arial, sans-serif";
                }
            }
        }

        root.SetAttributeValue("id", id);
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-labelledby", $"{id}-title {id}-desc");
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("width", "100%");
        root.SetAttributeValue("height", null);
        root.SetAttributeValue("preserveAspectRatio", "xMidYMin meet");
        root.SetAttributeValue("style", $"max-width:{width}px;height:auto");
        root.AddFirst(new XElement(Svg + "title", new XAttribute("id", id + "-title"), title), new XElement(Svg + "desc", new XAttribute("id", id + "-desc"), description));
        return root.ToString(SaveOptions.DisableFormatting);
    }
}
