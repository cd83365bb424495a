using System.Globalization;
using System.Text;
using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>
/// Writes the report as one self-contained HTML page in Vietnamese: no script, no font, no image and no style is
/// fetched (it opens from a USB stick at a commune office); the charts are inline SVG drawn by ScottPlot. Every number
/// shown is also in a <c>data-value</c> attribute in invariant form, in the cell whose <c>data-field</c> names the
/// JSON field it comes from, so a reader program (and the browser test) can check the page against the JSON.
/// </summary>
public static class ReportHtml
{
    /// <summary>Vietnamese number formatting: '.' groups thousands, ',' marks decimals.</summary>
    public static NumberFormatInfo Numbers { get; } = new()
    {
        NumberGroupSeparator = ".",
        NumberDecimalSeparator = ",",
        NumberGroupSizes = [3],
    };

    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>The page's title for <paramref name="report"/>.</summary>
    public static string Title(DigitizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Báo cáo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính — {Period(report.Scope)}";
    }

    /// <summary>The report as an HTML page (UTF-8).</summary>
    public static byte[] Serialize(DigitizationReport report) => Encoding.UTF8.GetBytes(Write(report));

    /// <summary>The report as an HTML page.</summary>
    public static string Write(DigitizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"SoHoa\">\n")
            .Append("<title>").Append(E(Title(report))).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, report);
        Headline(html, report);
        Charts(html, report);
        Table(html, "agencies", "Theo cơ quan", "Các chỉ tiêu của từng cơ quan tiếp nhận, so với mục tiêu theo cấp của cơ quan.", "agency", report.ByAgency, "Cơ quan", withLevel: true);
        Table(html, "procedures", "Theo thủ tục hành chính", "Các chỉ tiêu theo mã thủ tục hành chính.", "procedure", report.ByProcedure, "Mã thủ tục", withLevel: false);
        Table(html, "months", "Theo tháng tiếp nhận", "Các chỉ tiêu theo tháng tiếp nhận hồ sơ.", "month", report.ByMonth, "Tháng", withLevel: false);
        Quality(html, report);
        html.Append("<section id=\"notes\">\n<h2>Cách tính và những gì chưa đếm được</h2>\n<ul>\n");
        foreach (string note in report.Notes)
        {
            html.Append("<li>").Append(E(note)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, DigitizationReport report)
    {
        ReportScope scope = report.Scope;
        html.Append("<header>\n<h1>Báo cáo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính</h1>\n<dl class=\"scope\">\n")
            .Append("<dt>Kỳ báo cáo</dt><dd id=\"period\">").Append(E(Period(scope))).Append("</dd>\n")
            .Append("<dt>Cơ quan</dt><dd id=\"agency\">").Append(E(scope.Agency ?? "Tất cả")).Append("</dd>\n")
            .Append("<dt>Cấp</dt><dd id=\"level\">").Append(E(scope.Level is null ? "Tất cả" : ReportCounter.LevelLabel(scope.Level))).Append("</dd>\n")
            .Append("<dt>Mục tiêu</dt><dd id=\"targets\">").Append(E($"{report.TargetsSource}, năm {scope.TargetYear}")).Append("</dd>\n")
            .Append("<dt>Lập lúc</dt><dd id=\"generated\" data-value=\"").Append(E(report.GeneratedAt.ToString("O", CultureInfo.InvariantCulture))).Append("\">")
            .Append(E(report.GeneratedAt.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture))).Append(" (giờ Việt Nam)</dd>\n")
            .Append("</dl>\n</header>\n");
    }

    private static void Headline(StringBuilder html, DigitizationReport report)
    {
        ReportLine total = report.Total;
        html.Append("<section id=\"headline\">\n<h2>Chỉ tiêu chính</h2>\n<div class=\"cards\">\n");
        Card(html, "dossiersDigitized", "Hồ sơ có thành phần được số hóa hoặc tái sử dụng", total.Rates.DossiersDigitized, total.Targets?.DossiersDigitized,
            $"{N(total.Figures.DossiersDigitized)} / {N(total.Figures.DossiersReceived)} hồ sơ tiếp nhận");
        Card(html, "resultsDigitized", "Kết quả giải quyết được số hóa", total.Rates.ResultsDigitized, total.Targets?.ResultsDigitized,
            $"{N(total.Figures.ResultsDigitized)} / {N(total.Figures.ResultsIssued)} kết quả ban hành");
        Card(html, "dossiersReused", "Hồ sơ được tái sử dụng dữ liệu số hóa", total.Rates.DossiersReused, total.Targets?.DossiersReused,
            $"{N(total.Figures.DossiersReused)} / {N(total.Figures.DossiersReceived)} hồ sơ tiếp nhận");
        html.Append("</div>\n");
        Table(html, "levels", null, $"Chỉ tiêu theo cấp, so với mục tiêu năm {report.Scope.TargetYear}.", "level", report.ByLevel, "Cấp", withLevel: false, totalRow: total, inSection: false);
        html.Append("</section>\n");
    }

    private static void Card(StringBuilder html, string field, string label, double? rate, double? target, string detail)
    {
        string verdict = Verdict(rate, target);
        html.Append("<div class=\"card ").Append(verdict).Append("\" data-field=\"rates.").Append(field).Append("\">\n")
            .Append("<p class=\"label\">").Append(E(label)).Append("</p>\n")
            .Append("<p class=\"rate\"><span data-field=\"rates.").Append(field).Append("\" data-value=\"").Append(Invariant(rate)).Append("\">").Append(Rate(rate)).Append("</span>")
            .Append(rate is null ? string.Empty : " %").Append("</p>\n")
            .Append("<p class=\"target\">Mục tiêu: <span data-field=\"targets.").Append(field).Append("\" data-value=\"").Append(Invariant(target)).Append("\">").Append(Rate(target)).Append("</span>")
            .Append(target is null ? string.Empty : " %");
        if (target is not null && rate is not null)
        {
            html.Append(" — ").Append(verdict == "met" ? "đạt" : "chưa đạt");
        }

        html.Append("</p>\n<p class=\"detail\">").Append(E(detail)).Append("</p>\n</div>\n");
    }

    private static void Charts(StringBuilder html, DigitizationReport report)
    {
        html.Append("<section id=\"charts\">\n<h2>Biểu đồ</h2>\n");
        ReportCharts.Chart? agencies = ReportCharts.Agencies(report);
        ReportCharts.Chart? trend = ReportCharts.Trend(report);
        if (agencies is null && trend is null)
        {
            html.Append("<p>Chưa có hồ sơ nào trong kỳ báo cáo để vẽ biểu đồ.</p>\n");
        }

        foreach (ReportCharts.Chart chart in new[] { agencies, trend }.OfType<ReportCharts.Chart>())
        {
            html.Append("<figure class=\"chart\">\n").Append(chart.Markup).Append("\n<figcaption>").Append(E(chart.Title)).Append("</figcaption>\n</figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void Table(
        StringBuilder html, string id, string? heading, string caption, string scope, IReadOnlyList<ReportLine> lines, string keyHeader, bool withLevel,
        ReportLine? totalRow = null, bool inSection = true)
    {
        if (inSection)
        {
            html.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(E(heading!)).Append("</h2>\n");
        }

        html.Append("<div class=\"scroll\">\n<table id=\"table-").Append(id).Append("\">\n<caption>").Append(E(caption)).Append("</caption>\n<thead>\n<tr>")
            .Append("<th scope=\"col\">").Append(E(keyHeader)).Append("</th>");
        if (withLevel)
        {
            html.Append("<th scope=\"col\">Cấp</th>");
        }

        foreach (string header in (string[])[
            "Hồ sơ tiếp nhận", "Hồ sơ có thành phần số hóa hoặc tái sử dụng", "Tỷ lệ (%)", "Mục tiêu (%)",
            "Thành phần được số hóa", "Thành phần được tái sử dụng", "Kết quả ban hành", "Kết quả được số hóa", "Tỷ lệ (%)", "Mục tiêu (%)",
            "Hồ sơ được tái sử dụng", "Tỷ lệ (%)", "Mục tiêu (%)"])
        {
            html.Append("<th scope=\"col\">").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        if (lines.Count == 0)
        {
            html.Append("<tr><td colspan=\"").Append(withLevel ? 15 : 14).Append("\">Không có số liệu trong kỳ báo cáo.</td></tr>\n");
        }

        foreach (ReportLine line in lines)
        {
            Row(html, scope, line, withLevel);
        }

        html.Append("</tbody>\n");
        if (totalRow is not null)
        {
            html.Append("<tfoot>\n");
            Row(html, "total", totalRow, withLevel);
            html.Append("</tfoot>\n");
        }

        html.Append("</table>\n</div>\n");
        if (inSection)
        {
            html.Append("</section>\n");
        }
    }

    private static void Row(StringBuilder html, string scope, ReportLine line, bool withLevel)
    {
        ReportFigures f = line.Figures;
        html.Append("<tr data-scope=\"").Append(scope).Append("\" data-key=\"").Append(E(line.Key)).Append("\"><th scope=\"row\">").Append(E(line.Label)).Append("</th>");
        if (withLevel)
        {
            html.Append("<td>").Append(E(line.Level is null ? "Chưa rõ" : ReportCounter.LevelLabel(line.Level))).Append("</td>");
        }

        Count(html, "figures.dossiersReceived", f.DossiersReceived);
        Count(html, "figures.dossiersDigitized", f.DossiersDigitized);
        RateCell(html, "rates.dossiersDigitized", line.Rates.DossiersDigitized, line.Targets?.DossiersDigitized);
        RateCell(html, "targets.dossiersDigitized", line.Targets?.DossiersDigitized, null);
        Count(html, "figures.componentsDigitized", f.ComponentsDigitized);
        Count(html, "figures.componentsReused", f.ComponentsReused);
        Count(html, "figures.resultsIssued", f.ResultsIssued);
        Count(html, "figures.resultsDigitized", f.ResultsDigitized);
        RateCell(html, "rates.resultsDigitized", line.Rates.ResultsDigitized, line.Targets?.ResultsDigitized);
        RateCell(html, "targets.resultsDigitized", line.Targets?.ResultsDigitized, null);
        Count(html, "figures.dossiersReused", f.DossiersReused);
        RateCell(html, "rates.dossiersReused", line.Rates.DossiersReused, line.Targets?.DossiersReused);
        RateCell(html, "targets.dossiersReused", line.Targets?.DossiersReused, null);
        html.Append("</tr>\n");
    }

    private static void Quality(StringBuilder html, DigitizationReport report)
    {
        html.Append("<section id=\"quality\">\n<h2>Chất lượng số hóa</h2>\n<div class=\"scroll\">\n<table id=\"table-quality\">\n")
            .Append("<caption>Tài liệu đã số hóa (mỗi tài liệu một lần), số trang, trang trắng, trang có độ tin cậy nhận dạng (OCR) thấp cần người xem lại, tài liệu bị từ chối và bị lỗi.</caption>\n")
            .Append("<thead>\n<tr><th scope=\"col\">Cơ quan</th>");
        foreach (string header in (string[])[
            "Tài liệu đã số hóa", "Trang trong PDF", "Trang đã quét", "Trang trắng", "Trang OCR tin cậy thấp", "Tài liệu chưa rõ số trang",
            "Chữ ký đầu vào cần xem xét", "Bị từ chối", "Bị lỗi"])
        {
            html.Append("<th scope=\"col\">").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (ReportLine line in report.ByAgency)
        {
            QualityRow(html, "agency", line);
        }

        html.Append("</tbody>\n<tfoot>\n");
        QualityRow(html, "total", report.Total);
        html.Append("</tfoot>\n</table>\n</div>\n");

        ReportQuality q = report.Total.Quality!;
        CountTable(html, "rejected", "Tài liệu bị từ chối theo lý do (cần sửa đầu vào)", "Mã quy tắc", q.RejectedByRule.Select(r => (r.Rule, r.Count)));
        CountTable(html, "failed", "Tài liệu bị lỗi theo lý do (có thể thử lại)", "Mã quy tắc", q.FailedByRule.Select(r => (r.Rule, r.Count)));
        CountTable(html, "batch-problems", "Lỗi của lô hoặc của cả hồ sơ theo lý do", "Mã quy tắc", q.BatchProblemsByRule.Select(r => (r.Rule, r.Count)));
        CountTable(html, "signature-levels", "Mức chữ ký số đạt được (PAdES)", "Mức", q.SignatureLevels.Select(l => (l.Level, l.Count)));
        html.Append("</section>\n");
    }

    private static void QualityRow(StringBuilder html, string scope, ReportLine line)
    {
        ReportQuality q = line.Quality!;
        html.Append("<tr data-scope=\"").Append(scope).Append("\" data-key=\"").Append(E(line.Key)).Append("\"><th scope=\"row\">").Append(E(line.Label)).Append("</th>");
        Count(html, "quality.documentsDigitized", q.DocumentsDigitized);
        Count(html, "quality.pdfPages", q.PdfPages);
        Count(html, "quality.scannedPages", q.ScannedPages);
        Count(html, "quality.blankPages", q.BlankPages);
        Count(html, "quality.lowConfidencePages", q.LowConfidencePages);
        Count(html, "quality.documentsWithoutPageFigures", q.DocumentsWithoutPageFigures);
        Count(html, "quality.flagged", q.Flagged);
        Count(html, "quality.rejected", q.Rejected);
        Count(html, "quality.failed", q.Failed);
        html.Append("</tr>\n");
    }

    private static void CountTable(StringBuilder html, string id, string caption, string keyHeader, IEnumerable<(string Key, long Count)> rows)
    {
        html.Append("<table id=\"table-").Append(id).Append("\" class=\"counts\">\n<caption>").Append(E(caption)).Append("</caption>\n<thead>\n<tr><th scope=\"col\">")
            .Append(E(keyHeader)).Append("</th><th scope=\"col\">Số lượng</th></tr>\n</thead>\n<tbody>\n");
        bool any = false;
        foreach ((string key, long count) in rows)
        {
            any = true;
            html.Append("<tr data-key=\"").Append(E(key)).Append("\"><th scope=\"row\"><code>").Append(E(key)).Append("</code></th>");
            Count(html, "count", count);
            html.Append("</tr>\n");
        }

        if (!any)
        {
            html.Append("<tr><td colspan=\"2\">Không có.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Count(StringBuilder html, string field, long value) =>
        html.Append("<td class=\"n\" data-field=\"").Append(field).Append("\" data-value=\"").Append(value.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append(N(value)).Append("</td>");

    private static void RateCell(StringBuilder html, string field, double? rate, double? target)
    {
        html.Append("<td class=\"n");
        if (target is not null && rate is not null)
        {
            html.Append(' ').Append(Verdict(rate, target));
        }

        html.Append("\" data-field=\"").Append(field).Append("\" data-value=\"").Append(Invariant(rate)).Append("\">").Append(Rate(rate)).Append("</td>");
    }

    private static string Verdict(double? rate, double? target) => target is null || rate is null ? "none" : rate >= target ? "met" : "below";

    private static string Period(ReportScope scope) => (scope.From, scope.To) switch
    {
        ({ } from, { } to) => $"từ {Day(from)} đến {Day(to)}",
        ({ } from, null) => $"từ {Day(from)}",
        (null, { } to) => $"đến {Day(to)}",
        _ => "toàn bộ",
    };

    private static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A count in Vietnamese form (1.234).</summary>
    public static string N(long value) => value.ToString("#,##0", Numbers);

    /// <summary>A rate in Vietnamese form (37,5), or a dash when there is none.</summary>
    public static string Rate(double? rate) => rate is { } r ? r.ToString("0.0", Numbers) : "—";

    private static string Invariant(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string E(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private const string Style = """

        :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --met: #1a7f37; --below: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.6rem; margin: 0 0 12px; }
        h2 { font-size: 1.25rem; margin: 32px 0 12px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
        dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); }
        dl.scope dt { font-weight: bold; }
        dl.scope dd { margin: 0; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .card { border: 1px solid var(--line); border-left: 6px solid var(--muted); border-radius: 6px; padding: 10px 14px; }
        .card.met { border-left-color: var(--met); }
        .card.below { border-left-color: var(--below); }
        .card p { margin: 2px 0; }
        .card .label { font-weight: bold; }
        .card .rate { font-size: 2rem; font-weight: bold; }
        .card .target, .card .detail { color: var(--muted); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: 8px 0 20px; font-size: 0.9rem; }
        caption { text-align: left; color: var(--muted); padding: 4px 0; caption-side: top; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
        thead th { background: #f6f8fa; font-weight: bold; text-align: center; }
        tbody th, tfoot th { text-align: left; font-weight: normal; }
        tfoot th, tfoot td { font-weight: bold; background: #f6f8fa; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.met { color: var(--met); font-weight: bold; }
        td.below { color: var(--below); font-weight: bold; }
        table.counts { min-width: 360px; }
        figure.chart { margin: 12px 0 24px; }
        figure.chart svg { display: block; }
        figcaption { color: var(--muted); margin-top: 4px; }
        @media print { .scroll { overflow: visible; } main { max-width: none; } }

        """;
}
