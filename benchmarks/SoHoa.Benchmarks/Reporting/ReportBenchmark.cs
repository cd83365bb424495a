using System.Diagnostics;
using System.Globalization;
using SoHoa.Batches;
using SoHoa.Reporting;

namespace SoHoa.Benchmarks.Reporting;

/// <summary>
/// The digitization report over a large SQLite ledger (benchmarks/README.md, "Digitization report").
/// <c>report-ledger --rows N --store DIR</c> fills a folder store's ledger with N entries through the real
/// <see cref="SqliteReportLedger.RecordAsync"/> (batches of 50 dossiers, 3 documents each, over 200 agencies, 60
/// procedures and the 365 days of 2026, with rejections, failures, reuses, results and audited opens);
/// <c>report --store DIR [--repeat K]</c> counts the report and writes its HTML, JSON and CSV K times in a fresh process
/// and prints the time of each phase and the process's peak working set.
/// </summary>
internal static class ReportBenchmark
{
    private const int Agencies = 200;
    private const int Procedures = 60;
    private const int DocumentsPerDossier = 3;
    private const int DossiersPerBatch = 50;

    public static async Task<int> GenerateAsync(string[] args)
    {
        long rows = long.Parse(CommandLine.Option(args, "--rows") ?? "1000000", CultureInfo.InvariantCulture);
        string store = CommandLine.Option(args, "--store") ?? throw new ArgumentException("--store DIR is required.");
        Directory.CreateDirectory(store);
        SqliteReportLedger ledger = SqliteReportLedger.Open(store);
        var random = new Random(766);
        var watch = Stopwatch.StartNew();
        long dossiers = (rows + DocumentsPerDossier - 1) / DocumentsPerDossier;
        long written = 0;
        var opens = new List<LedgerEntry>();
        for (long first = 0; first < dossiers; first += DossiersPerBatch)
        {
            // A batch is one agency's dossiers of one day; each round over the agencies takes another day of the year.
            long round = first / DossiersPerBatch / Agencies;
            int agency = (int)(first / DossiersPerBatch % Agencies);
            var day = new DateOnly(2026, 1, 1).AddDays((int)(round * 11 % 365));
            string batchId = "BENCH-" + first.ToString(CultureInfo.InvariantCulture);
            var entries = new List<LedgerEntry>(DossiersPerBatch * DocumentsPerDossier);
            for (long d = first; d < Math.Min(first + DossiersPerBatch, dossiers); d++)
            {
                string dossier = $"{Code(agency)}-{day:yyMMdd}-{(round / 365 % 100 * 100) + (d % DossiersPerBatch):0000}";
                string procedure = $"1.{random.Next(Procedures) + 1000:000000}";
                for (int i = 0; i < DocumentsPerDossier && written < rows; i++, written++)
                {
                    entries.Add(Entry(random, batchId, dossier, i, Code(agency), procedure, day, i == DocumentsPerDossier - 1 ? DocumentRole.Result : DocumentRole.Input));
                }

                if (random.Next(30) == 0)
                {
                    opens.Add(new LedgerEntry(dossier, LedgerEntry.AuditSource, opens.Count + 1, Code(agency), procedure, day, true, DocumentRole.Input, string.Empty, LedgerOutcome.Opened, "doc"));
                }
            }

            await ledger.RecordAsync(new LedgerBatch(batchId, Agency(agency), entries, []));
        }

        await ledger.RecordOpensAsync(opens, new AuditMark(opens.Count, DateTimeOffset.UtcNow));
        Console.WriteLine($"{written:N0} ledger entries ({dossiers:N0} dossiers) and {opens.Count:N0} audited opens written in {watch.Elapsed.TotalSeconds:0.0} s " +
            $"({written / watch.Elapsed.TotalSeconds:N0} entries/s); index.db is {new FileInfo(Path.Combine(store, "index.db")).Length / 1e6:0} MB");
        return 0;
    }

    public static async Task<int> ReportAsync(string[] args)
    {
        string store = CommandLine.Option(args, "--store") ?? throw new ArgumentException("--store DIR is required.");
        int repeat = int.Parse(CommandLine.Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        SqliteReportLedger ledger = SqliteReportLedger.Open(store);
        string output = Path.Combine(store, "bench-report");
        Directory.CreateDirectory(output);
        for (int run = 1; run <= repeat; run++)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            using var self = Process.GetCurrentProcess();
            TimeSpan cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            DigitizationReport report = await new ReportCounter().CountAsync(ledger, new ReportRequest());
            TimeSpan counted = watch.Elapsed;
            await File.WriteAllBytesAsync(Path.Combine(output, "report.html"), ReportHtml.Serialize(report));
            await File.WriteAllBytesAsync(Path.Combine(output, "report.json"), ReportJson.Serialize(report));
            await File.WriteAllBytesAsync(Path.Combine(output, "report.csv"), ReportCsv.Serialize(report));
            TimeSpan total = watch.Elapsed;
            self.Refresh();
            Console.WriteLine(
                $"run {run}: {report.Total.Figures.DossiersReceived:N0} dossiers, {report.ByAgency.Count} agencies, {report.ByProcedure.Count} procedures, {report.ByMonth.Count} months; " +
                $"counted in {counted.TotalSeconds:0.00} s, with HTML+JSON+CSV {total.TotalSeconds:0.00} s (CPU {(self.TotalProcessorTime - cpu).TotalSeconds:0.00} s); allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:N0} MB; " +
                $"peak working set so far {self.PeakWorkingSet64 / 1e6:N0} MB, managed heap now {GC.GetTotalMemory(forceFullCollection: false) / 1e6:N0} MB");
        }

        return 0;
    }

    private static LedgerEntry Entry(Random random, string batchId, string dossier, int index, string agency, string procedure, DateOnly day, DocumentRole role)
    {
        int roll = random.Next(100);
        LedgerOutcome outcome = roll switch
        {
            < 8 when role == DocumentRole.Input => LedgerOutcome.Reused,
            < 18 => LedgerOutcome.Rejected,
            < 20 => LedgerOutcome.Failed,
            < 25 => LedgerOutcome.AlreadyStored,
            _ => LedgerOutcome.Stored,
        };
        var entry = new LedgerEntry(dossier, LedgerEntry.BatchSource(batchId), index, agency, procedure, day, true, role,
            role == DocumentRole.Result ? "birth-extract" : index == 0 ? "birth-certificate" : "id-card", outcome,
            outcome is LedgerOutcome.Rejected or LedgerOutcome.Failed ? null : $"{dossier}#{index}")
        {
            Rules = outcome switch
            {
                LedgerOutcome.Rejected => random.Next(3) switch { 0 => "file.missing", 1 => "personal-id.province", _ => "document.blank" },
                LedgerOutcome.Failed => "processing.failed",
                _ => string.Empty,
            },
        };
        if (entry.IsDigitized)
        {
            int pages = 1 + random.Next(4);
            int blank = random.Next(5) == 0 ? 1 : 0;
            entry = entry with { PdfPages = pages, ScannedPages = pages + blank, BlankPages = blank, LowConfidencePages = random.Next(10) == 0 ? 1 : 0, SignatureLevel = "B-LT" };
        }

        return entry;
    }

    private static string Code(int agency) => $"000.{agency / 100:00}.{agency % 100:00}.H12";

    private static LedgerAgency Agency(int agency) => new(
        Code(agency), $"Cơ quan số {agency + 1}",
        agency < 20 ? AgencyLevel.Province : agency < 50 ? AgencyLevel.District : AgencyLevel.Commune);
}
