using System.Globalization;
using System.Text;

namespace SoHoa.Reporting;

/// <summary>
/// Writes the report's figures as one CSV table (UTF-8 with a byte order mark, so spreadsheet programs read the
/// Vietnamese names; numbers in invariant form). Each row has a <c>scope</c>: <c>total</c>, <c>level</c>,
/// <c>agency</c>, <c>procedure</c> and <c>month</c> rows carry the counts, rates and targets (total and agency rows
/// the quality figures too); <c>rejected-rule</c>, <c>failed-rule</c>, <c>batch-problem-rule</c> and
/// <c>signature-level</c> rows carry a <c>count</c> for the rule or level in <c>key</c>, for the total or, with
/// <c>agency</c> set, for one agency.
/// </summary>
public static class ReportCsv
{
    /// <summary>The header row's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "scope", "key", "label", "level", "agency",
        "dossiersReceived", "dossiersDigitized", "dossiersReused", "componentsDigitized", "componentsReused", "componentsReusedInBatches", "componentsReusedByOpen",
        "resultsIssued", "resultsDigitized",
        "rateDossiersDigitized", "rateResultsDigitized", "rateDossiersReused",
        "targetDossiersDigitized", "targetResultsDigitized", "targetDossiersReused",
        "documentsDigitized", "pdfPages", "scannedPages", "blankPages", "lowConfidencePages", "documentsWithoutPageFigures", "flagged", "rejected", "failed",
        "count",
    ];

    /// <summary>The report as CSV bytes.</summary>
    public static byte[] Serialize(DigitizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Row(csv, Columns);
        Line(csv, "total", report.Total);
        foreach (ReportLine line in report.ByLevel)
        {
            Line(csv, "level", line);
        }

        foreach (ReportLine line in report.ByAgency)
        {
            Line(csv, "agency", line);
        }

        foreach (ReportLine line in report.ByProcedure)
        {
            Line(csv, "procedure", line);
        }

        foreach (ReportLine line in report.ByMonth)
        {
            Line(csv, "month", line);
        }

        Counts(csv, null, report.Total.Quality!);
        foreach (ReportLine line in report.ByAgency)
        {
            Counts(csv, line.Key, line.Quality!);
        }

        byte[] preamble = Encoding.UTF8.GetPreamble();
        byte[] body = Encoding.UTF8.GetBytes(csv.ToString());
        return [.. preamble, .. body];
    }

    private static void Line(StringBuilder csv, string scope, ReportLine line)
    {
        ReportFigures f = line.Figures;
        ReportQuality? q = line.Quality;
        Row(csv, [
            scope, line.Key, line.Label, Level(line), string.Empty,
            N(f.DossiersReceived), N(f.DossiersDigitized), N(f.DossiersReused), N(f.ComponentsDigitized), N(f.ComponentsReused), N(f.ComponentsReusedInBatches), N(f.ComponentsReusedByOpen),
            N(f.ResultsIssued), N(f.ResultsDigitized),
            P(line.Rates.DossiersDigitized), P(line.Rates.ResultsDigitized), P(line.Rates.DossiersReused),
            P(line.Targets?.DossiersDigitized), P(line.Targets?.ResultsDigitized), P(line.Targets?.DossiersReused),
            N(q?.DocumentsDigitized), N(q?.PdfPages), N(q?.ScannedPages), N(q?.BlankPages), N(q?.LowConfidencePages), N(q?.DocumentsWithoutPageFigures), N(q?.Flagged), N(q?.Rejected), N(q?.Failed),
            string.Empty,
        ]);
    }

    private static void Counts(StringBuilder csv, string? agency, ReportQuality quality)
    {
        void Count(string scope, string key, long count)
        {
            var row = new string[Columns.Count];
            Array.Fill(row, string.Empty);
            (row[0], row[1], row[4], row[^1]) = (scope, key, agency ?? string.Empty, N(count));
            Row(csv, row);
        }

        quality.RejectedByRule.ToList().ForEach(r => Count("rejected-rule", r.Rule, r.Count));
        quality.FailedByRule.ToList().ForEach(r => Count("failed-rule", r.Rule, r.Count));
        quality.BatchProblemsByRule.ToList().ForEach(r => Count("batch-problem-rule", r.Rule, r.Count));
        quality.SignatureLevels.ToList().ForEach(l => Count("signature-level", l.Level, l.Count));
    }

    private static string Level(ReportLine line) => line.Level?.ToString().ToLowerInvariant() ?? string.Empty;

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string P(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty;

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
