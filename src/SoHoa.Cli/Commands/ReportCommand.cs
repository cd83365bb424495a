using System.CommandLine;
using SoHoa.Batches;
using SoHoa.Reporting;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa report</c>: the digitization report (Decision 766 indicators) as HTML, JSON and CSV, and a short table.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var from = new Option<DateOnly?>("--from") { Description = "The first day of receipt counted (yyyy-MM-dd); from the beginning by default." };
        var to = new Option<DateOnly?>("--to") { Description = "The last day of receipt counted (yyyy-MM-dd); to the end by default. Its year chooses the targets." };
        var agency = new Option<string?>("--agency") { Description = "Only this agency (its code, such as 000.00.01.H12)." };
        var level = new Option<string?>("--level") { Description = "Only agencies of this level." };
        level.AcceptOnlyFromAmong("ministry", "province", "district", "commune");
        var targets = new Option<FileInfo?>("--targets") { Description = "A JSON file of yearly targets per level (schema sohoa.report-targets/v1) that overrides Decision 468/QĐ-TTg's defaults." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the HTML page (self-contained, in Vietnamese)." };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON (schema sohoa.report/v1): to the file given, else beside --out, else to standard output.", Arity = ArgumentArity.ZeroOrOne };
        var csv = new Option<string?>("--csv") { Description = "Also write the figures as CSV: to the file given, else beside --out, else to standard output.", Arity = ArgumentArity.ZeroOrOne };
        var store = new CliStore();
        var command = new Command(
            "report",
            "The digitization report a province is judged by (Decision 766/QĐ-TTg): dossiers received, dossiers with digitized or reused components, components digitized " +
            "and reused, results issued and digitized, their rates against the yearly targets, per agency, level, procedure and month, and the pipeline's quality. " +
            "Counts what `process` recorded in the store and the audit log's opens.")
        {
            from, to, agency, level, targets, output, json, csv,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(from) is { } first && parse.GetValue(to) is { } last && first > last)
            {
                Console.Error.WriteLine($"error: --from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}.");
                return ExitCodes.Usage;
            }

            FileInfo? html = parse.GetValue(output);
            string? jsonPath = OutputPath(parse, json, html, ".json");
            string? csvPath = OutputPath(parse, csv, html, ".csv");
            try
            {
                var request = new ReportRequest
                {
                    From = parse.GetValue(from),
                    To = parse.GetValue(to),
                    Agency = parse.GetValue(agency),
                    Level = parse.GetValue(level) is { } name ? Enum.Parse<AgencyLevel>(name, ignoreCase: true) : null,
                    Targets = parse.GetValue(targets) is { } file ? DigitizationTargets.Load(file.FullName) : DigitizationTargets.Decision468,
                };
                IDocumentStore opened = store.Open(parse, mustExist: true);
                IReportLedger ledger = ReportLedgers.ForStore(opened)
                    ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "This store keeps no report ledger that this build of sohoa can read.");
                await ledger.CatchUpOpensAsync(opened.AuditLog, cancellationToken);
                DigitizationReport report = await new ReportCounter().CountAsync(ledger, request, cancellationToken);

                bool toStandardOutput = jsonPath == "-" || csvPath == "-";
                var written = new List<string>();
                if (html is not null)
                {
                    await WriteAsync(html.FullName, ReportHtml.Serialize(report), written, cancellationToken);
                }

                if (jsonPath is not null)
                {
                    await WriteAsync(jsonPath, ReportJson.Serialize(report), written, cancellationToken);
                }

                if (csvPath is not null)
                {
                    await WriteAsync(csvPath, ReportCsv.Serialize(report), written, cancellationToken);
                }

                TextWriter table = toStandardOutput ? Console.Error : Console.Out;
                PrintTable(table, report);
                written.ForEach(path => table.WriteLine($"Đã ghi: {path}"));
                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: the report could not be written: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>Where an optional output goes: the path given; given bare, beside --out with <paramref name="extension"/>, else "-" (standard output); null when not asked for.</summary>
    private static string? OutputPath(ParseResult parse, Option<string?> option, FileInfo? html, string extension)
    {
        if (parse.GetResult(option) is null)
        {
            return null;
        }

        return parse.GetValue(option) is { Length: > 0 } given ? given : html is null ? "-" : Path.ChangeExtension(html.FullName, extension);
    }

    private static async Task WriteAsync(string path, byte[] content, List<string> written, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            await using Stream stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(content, cancellationToken);
            return;
        }

        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, full, overwrite: true);
        written.Add(full);
    }

    private static void PrintTable(TextWriter output, DigitizationReport report)
    {
        output.WriteLine($"{ReportHtml.Title(report)} (mục tiêu năm {report.Scope.TargetYear}: {report.TargetsSource})");
        output.WriteLine($"{"",-36} {"Hồ sơ",8} {"HS số hóa % (MT)",17} {"KQ ban hành",11} {"KQ số hóa % (MT)",17} {"HS tái sử dụng %",16}");
        IEnumerable<ReportLine> lines = [report.Total, .. report.ByLevel, .. report.ByAgency.Take(20)];
        foreach (ReportLine line in lines)
        {
            string label = line.Label.Length > 36 ? line.Label[..35] + "…" : line.Label;
            output.WriteLine(
                $"{label,-36} {ReportHtml.N(line.Figures.DossiersReceived),8} {RateWithTarget(line.Rates.DossiersDigitized, line.Targets?.DossiersDigitized),17} " +
                $"{ReportHtml.N(line.Figures.ResultsIssued),11} {RateWithTarget(line.Rates.ResultsDigitized, line.Targets?.ResultsDigitized),17} {RateWithTarget(line.Rates.DossiersReused, line.Targets?.DossiersReused),16}");
        }

        if (report.ByAgency.Count > 20)
        {
            output.WriteLine($"… và {report.ByAgency.Count - 20} cơ quan khác (xem báo cáo đầy đủ).");
        }

        ReportQuality q = report.Total.Quality!;
        output.WriteLine(
            $"Chất lượng: {ReportHtml.N(q.DocumentsDigitized)} tài liệu số hóa, {ReportHtml.N(q.PdfPages)} trang PDF ({ReportHtml.N(q.BlankPages)} trang trắng, " +
            $"{ReportHtml.N(q.LowConfidencePages)} trang OCR tin cậy thấp), {ReportHtml.N(q.Rejected)} bị từ chối, {ReportHtml.N(q.Failed)} bị lỗi.");
    }

    private static string RateWithTarget(double? rate, double? target) =>
        ReportHtml.Rate(rate) + (target is { } t ? $" ({ReportHtml.Rate(t)})" : string.Empty);
}
