using System.Globalization;
using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>What a report is asked to cover.</summary>
public sealed record ReportRequest
{
    /// <summary>The first day of receipt counted, or null.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The last day of receipt counted, or null.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only this agency (code), or null.</summary>
    public string? Agency { get; init; }

    /// <summary>Only agencies of this level, or null.</summary>
    public AgencyLevel? Level { get; init; }

    /// <summary>The targets the rates are shown against.</summary>
    public DigitizationTargets Targets { get; init; } = DigitizationTargets.Decision468;
}

/// <summary>
/// Counts the report from a ledger, the same for every backend: it streams the ledger's entries one dossier at a time,
/// so memory grows with the number of agencies, procedures and months, not with the number of documents.
/// <para>
/// Per dossier: it is received when a batch held it; its components digitized are its distinct stored input document
/// ids, its components reused the distinct reuse links of its batches plus the audited opens for it; its results issued
/// are, per kind, the most results of that kind one batch held or the distinct stored ones if more (so a result
/// rejected, corrected and sent again in another batch is issued once), its results digitized the distinct stored ones.
/// A dossier, and everything in it, is counted under the agency, procedure and month of its first batch entry in
/// (source, item) order, so the order a ledger returns a dossier's entries in does not matter.
/// </para>
/// </summary>
public sealed class ReportCounter
{
    /// <summary>The key of the line of agencies whose level is not known, and of opens naming no agency.</summary>
    public const string Unknown = "unknown";

    private readonly TimeProvider _time;

    /// <summary>Creates a counter that dates its reports with <paramref name="timeProvider"/>.</summary>
    public ReportCounter(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Counts the report <paramref name="request"/> asks for from <paramref name="ledger"/>.</summary>
    public async Task<DigitizationReport> CountAsync(IReportLedger ledger, ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(request);
        if (request.From is { } from && request.To is { } to && from > to)
        {
            throw new ArgumentException($"The report's first day ({from:yyyy-MM-dd}) is after its last ({to:yyyy-MM-dd}).", nameof(request));
        }

        Dictionary<string, LedgerAgency> agencies = (await ledger.ReadAgenciesAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(a => a.Code, StringComparer.Ordinal);
        HashSet<string>? codes = null;
        if (request.Level is { } wanted)
        {
            codes = agencies.Values.Where(a => a.Level == wanted).Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        }

        if (request.Agency is { } agency)
        {
            codes = codes is null ? new HashSet<string>(StringComparer.Ordinal) { agency } : codes.Where(c => c == agency).ToHashSet(StringComparer.Ordinal);
        }

        var query = new LedgerQuery(request.From, request.To, codes);
        var tally = new Tallies(agencies);
        var dossier = new List<LedgerEntry>();
        await foreach (LedgerEntry entry in ledger.ReadEntriesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (dossier.Count > 0 && (!string.Equals(dossier[0].DossierCode, entry.DossierCode, StringComparison.Ordinal) || dossier[0].ReceivedOn != entry.ReceivedOn))
            {
                tally.AddDossier(dossier);
                dossier.Clear();
            }

            dossier.Add(entry);
        }

        tally.AddDossier(dossier);
        await foreach (LedgerProblem problem in ledger.ReadProblemsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            tally.AddProblem(problem);
        }

        return Build(request, tally, agencies);
    }

    private DigitizationReport Build(ReportRequest request, Tallies tally, Dictionary<string, LedgerAgency> agencies)
    {
        DateTimeOffset now = _time.GetUtcNow();
        int targetYear = request.To?.Year ?? tally.LastMonth?.Year ?? now.ToOffset(TimeSpan.FromHours(7)).Year;
        DigitizationTargets targets = request.Targets;
        AgencyLevel?[] levelsPresent = tally.ByLevel.Keys.Select(LevelOf).ToArray();
        AgencyLevel? singleLevel = request.Level ?? (levelsPresent.Length == 1 ? levelsPresent[0] : null);
        if (request.Agency is { } onlyAgency && agencies.TryGetValue(onlyAgency, out LedgerAgency? known))
        {
            singleLevel = known.Level;
        }

        RateTargets? TargetsOf(AgencyLevel? level, int year) => level is { } l ? targets.For(year, l) : null;

        ReportLine total = tally.Total.ToLine("total", "Tổng cộng", singleLevel, TargetsOf(singleLevel, targetYear), withQuality: true);
        ReportLine[] byLevel = tally.ByLevel
            .OrderBy(p => p.Key < 0 ? int.MaxValue : p.Key)
            .Select(p => (Level: LevelOf(p.Key), Tally: p.Value))
            .Select(p => p.Tally.ToLine(p.Level is { } l ? l.ToString().ToLowerInvariant() : Unknown, LevelLabel(p.Level), p.Level, TargetsOf(p.Level, targetYear), withQuality: false))
            .ToArray();
        ReportLine[] byAgency = tally.ByAgency
            .Select(p => (Code: p.Key, Agency: agencies.GetValueOrDefault(p.Key), Tally: p.Value))
            .OrderBy(a => a.Agency is null ? int.MaxValue : (int)a.Agency.Level).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => a.Tally.ToLine(
                a.Code.Length == 0 ? Unknown : a.Code,
                a.Agency?.Name ?? (a.Code.Length == 0 ? "(không rõ cơ quan)" : a.Code),
                a.Agency?.Level,
                TargetsOf(a.Agency?.Level, targetYear),
                withQuality: true))
            .ToArray();
        ReportLine[] byProcedure = tally.ByProcedure
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.ToLine(p.Key.Length == 0 ? Unknown : p.Key, p.Key.Length == 0 ? "(không rõ thủ tục)" : p.Key, null, null, withQuality: false))
            .ToArray();

        var byMonth = new List<ReportLine>();
        DateOnly? first = MonthOf(request.From) ?? tally.FirstMonth;
        DateOnly? last = MonthOf(request.To) ?? tally.LastMonth;
        if (first is { } month && last is { } end)
        {
            // Every month of the range, empty ones too, so a trend has no holes; at most ten years of them.
            for (int i = 0; month <= end && i < 120; month = month.AddMonths(1), i++)
            {
                Tally line = tally.ByMonth.GetValueOrDefault(month) ?? new Tally(withQuality: false);
                byMonth.Add(line.ToLine(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), month.ToString("MM/yyyy", CultureInfo.InvariantCulture), singleLevel, TargetsOf(singleLevel, month.Year), withQuality: false));
            }
        }

        var scope = new ReportScope(request.From, request.To, request.Agency, request.Level, targetYear);
        return new DigitizationReport(DigitizationReport.SchemaV1, now, scope, targets.Source, total, byLevel, byAgency, byProcedure, byMonth, Notes(tally.Total));
    }

    private static List<string> Notes(Tally total)
    {
        var notes = new List<string>
        {
            "Hồ sơ được tính theo ngày tiếp nhận ghi trong mã hồ sơ; mỗi hồ sơ, thành phần và kết quả chỉ được tính một lần dù lô được xử lý lại hay gửi lại.",
            "Hồ sơ có mã không hợp lệ không được tính là hồ sơ tiếp nhận; các tài liệu của nó được tính là bị từ chối.",
            "Thành phần được tái sử dụng gồm tài liệu được khai thác lại trong lô (manifest) và các lượt mở tài liệu đã lưu có ghi nhật ký, phục vụ một thủ tục.",
            "Trang của tài liệu bị từ chối hoặc lỗi (kể cả tài liệu toàn trang trắng) không được đếm: tài liệu đó không được lưu.",
        };
        if (total.Quality!.WithoutPageFigures > 0)
        {
            notes.Add($"{total.Quality.WithoutPageFigures} tài liệu đã lưu không đọc được tệp kèm (sidecar), nên số trang quét, trang trắng và trang có độ tin cậy OCR thấp của chúng không có trong bảng chất lượng.");
        }

        if (total.Quality.Levels.GetValueOrDefault("unknown") is > 0 and var unknown)
        {
            notes.Add($"{unknown} tài liệu đã lưu từ trước khi có sổ báo cáo hoặc do một lần chạy khác: không rõ mức chữ ký.");
        }

        return notes;
    }

    private static AgencyLevel? LevelOf(int key) => key < 0 ? null : (AgencyLevel)key;

    private static DateOnly? MonthOf(DateOnly? day) => day is { } d ? new DateOnly(d.Year, d.Month, 1) : null;

    /// <summary>The Vietnamese label of a level.</summary>
    public static string LevelLabel(AgencyLevel? level) => level switch
    {
        AgencyLevel.Ministry => "Cấp bộ, ngành",
        AgencyLevel.Province => "Cấp tỉnh",
        AgencyLevel.District => "Cấp huyện",
        AgencyLevel.Commune => "Cấp xã",
        _ => "Chưa rõ cấp",
    };

    /// <summary>The running counts of one line.</summary>
    private sealed class Tally(bool withQuality)
    {
        public long DossiersReceived;
        public long DossiersDigitized;
        public long DossiersReused;
        public long ComponentsDigitized;
        public long ReusedInBatches;
        public long ReusedByOpen;
        public long ResultsIssued;
        public long ResultsDigitized;

        public QualityTally? Quality { get; } = withQuality ? new QualityTally() : null;

        public void Add(DossierCounts counts)
        {
            DossiersReceived += counts.Received;
            DossiersDigitized += counts.Digitized;
            DossiersReused += counts.Reused;
            ComponentsDigitized += counts.ComponentsDigitized;
            ReusedInBatches += counts.ReusedInBatches;
            ReusedByOpen += counts.ReusedByOpen;
            ResultsIssued += counts.ResultsIssued;
            ResultsDigitized += counts.ResultsDigitized;
        }

        public ReportLine ToLine(string key, string label, AgencyLevel? level, RateTargets? targets, bool withQuality)
        {
            var figures = new ReportFigures(DossiersReceived, DossiersDigitized, DossiersReused, ComponentsDigitized, ReusedInBatches + ReusedByOpen, ReusedInBatches, ReusedByOpen, ResultsIssued, ResultsDigitized);
            return new ReportLine(key, label, level, figures, ReportRates.Of(figures), targets, withQuality ? Quality?.ToQuality() : null);
        }
    }

    private sealed class QualityTally
    {
        public long Documents;
        public long PdfPages;
        public long ScannedPages;
        public long BlankPages;
        public long LowConfidencePages;
        public long WithoutPageFigures;
        public long Flagged;
        public long Rejected;
        public long Failed;

        public Dictionary<string, long> RejectedByRule { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> FailedByRule { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> ProblemsByRule { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Levels { get; } = new(StringComparer.Ordinal);

        public void AddDigitized(LedgerEntry document)
        {
            Documents++;
            PdfPages += document.PdfPages ?? 0;
            if (document.ScannedPages is { } scanned)
            {
                ScannedPages += scanned;
                BlankPages += document.BlankPages ?? 0;
                LowConfidencePages += document.LowConfidencePages ?? 0;
            }
            else
            {
                WithoutPageFigures++;
                LowConfidencePages += document.LowConfidencePages ?? 0;
            }

            Flagged += document.Flagged ? 1 : 0;
            Increment(Levels, document.SignatureLevel ?? "unknown");
        }

        public void AddRefused(LedgerEntry document)
        {
            bool rejected = document.Outcome == LedgerOutcome.Rejected;
            if (rejected)
            {
                Rejected++;
            }
            else
            {
                Failed++;
            }

            Dictionary<string, long> byRule = rejected ? RejectedByRule : FailedByRule;
            if (document.Rules.Length == 0)
            {
                Increment(byRule, "unknown");
            }

            foreach (string rule in document.Rules.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Increment(byRule, rule);
            }
        }

        public ReportQuality ToQuality() => new(
            Documents, PdfPages, ScannedPages, BlankPages, LowConfidencePages, WithoutPageFigures, Flagged, Rejected, Failed,
            Rules(RejectedByRule), Rules(FailedByRule), Rules(ProblemsByRule),
            Levels.OrderBy(p => LevelOrder(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new LevelCount(p.Key, p.Value)).ToArray());

        public static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

        private static RuleCount[] Rules(Dictionary<string, long> counts) =>
            counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new RuleCount(p.Key, p.Value)).ToArray();

        private static int LevelOrder(string level) => level switch
        {
            "B-B" => 0,
            "B-T" => 1,
            "B-LT" => 2,
            "B-LTA" => 3,
            "none" => 4,
            _ => 5,
        };
    }

    /// <summary>What one dossier adds to every line it belongs to.</summary>
    private readonly record struct DossierCounts(
        int Received, int Digitized, int Reused, int ComponentsDigitized, int ReusedInBatches, int ReusedByOpen, int ResultsIssued, int ResultsDigitized);

    /// <summary>Every line being counted.</summary>
    private sealed class Tallies(Dictionary<string, LedgerAgency> agencies)
    {
        private readonly HashSet<string> _digitizedInputs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reused = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LedgerEntry> _stored = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ResultKind> _resultKinds = new(StringComparer.Ordinal);
        private readonly Stack<ResultKind> _spareKinds = new();

        public Tally Total { get; } = new(withQuality: true);

        /// <summary>Per level, keyed by the level's number, -1 for agencies whose level is not known.</summary>
        public Dictionary<int, Tally> ByLevel { get; } = [];

        public Dictionary<string, Tally> ByAgency { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Tally> ByProcedure { get; } = new(StringComparer.Ordinal);

        public Dictionary<DateOnly, Tally> ByMonth { get; } = [];

        public DateOnly? FirstMonth { get; private set; }

        public DateOnly? LastMonth { get; private set; }

        /// <summary>Counts one run of entries that share a dossier code and day of receipt.</summary>
        public void AddDossier(List<LedgerEntry> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            if (!entries[0].Identified)
            {
                // No valid dossier code: not a dossier received. Its refusals count for quality; an open still served a procedure.
                foreach (LedgerEntry entry in entries)
                {
                    Lines(entry, out Tally agency, out Tally level, out Tally procedure, out Tally month);
                    var counts = new DossierCounts(0, 0, 0, 0, 0, entry.Outcome == LedgerOutcome.Opened ? 1 : 0, 0, 0);
                    AddTo(counts, agency, level, procedure, month);
                    if (entry.Outcome is LedgerOutcome.Rejected or LedgerOutcome.Failed)
                    {
                        Total.Quality!.AddRefused(entry);
                        agency.Quality!.AddRefused(entry);
                    }
                }

                return;
            }

            LedgerEntry anchor = Anchor(entries);
            Lines(anchor, out Tally agencyLine, out Tally levelLine, out Tally procedureLine, out Tally monthLine);
            int opens = 0;
            bool inBatch = false;

            // A third of a million dossiers pass through here: the sets are cleared and used again, not made anew.
            HashSet<string> digitizedInputs = _digitizedInputs;
            HashSet<string> reused = _reused;
            Dictionary<string, LedgerEntry> stored = _stored;
            Dictionary<string, ResultKind> resultKinds = _resultKinds;
            digitizedInputs.Clear();
            reused.Clear();
            stored.Clear();
            resultKinds.Clear();
            foreach (LedgerEntry entry in entries)
            {
                if (entry.Outcome == LedgerOutcome.Opened)
                {
                    opens++;
                    continue;
                }

                inBatch = true;
                if (entry.IsDigitized && entry.DocumentId is { } id)
                {
                    if (entry.Role == DocumentRole.Input)
                    {
                        digitizedInputs.Add(id);
                    }

                    // Once per document: the entry that knows most about its pages, with a level either one knows.
                    stored[id] = !stored.TryGetValue(id, out LedgerEntry? known) ? entry
                        : Knowledge(entry) > Knowledge(known) ? Merge(entry, known) : Merge(known, entry);
                }
                else if (entry.Outcome == LedgerOutcome.Reused && entry.DocumentId is { } link)
                {
                    reused.Add(link);
                }
                else if (entry.Outcome is LedgerOutcome.Rejected or LedgerOutcome.Failed)
                {
                    Total.Quality!.AddRefused(entry);
                    agencyLine.Quality!.AddRefused(entry);
                }

                if (entry.Role == DocumentRole.Result)
                {
                    if (!resultKinds.TryGetValue(entry.Kind, out ResultKind? kind))
                    {
                        resultKinds[entry.Kind] = kind = _spareKinds.Count > 0 ? _spareKinds.Pop() : new ResultKind();
                        kind.Clear();
                    }

                    kind.Add(entry);
                }
            }

            int issued = 0, resultsDigitized = 0;
            foreach (ResultKind kind in resultKinds.Values)
            {
                issued += kind.Issued;
                resultsDigitized += kind.Digitized;
                _spareKinds.Push(kind);
            }

            int reusedTotal = reused.Count + opens;
            var dossierCounts = new DossierCounts(
                inBatch ? 1 : 0,
                inBatch && digitizedInputs.Count + reusedTotal > 0 ? 1 : 0,
                inBatch && reusedTotal > 0 ? 1 : 0,
                digitizedInputs.Count,
                reused.Count,
                opens,
                issued,
                resultsDigitized);
            AddTo(dossierCounts, agencyLine, levelLine, procedureLine, monthLine);
            foreach (LedgerEntry document in stored.Values)
            {
                Total.Quality!.AddDigitized(document);
                agencyLine.Quality!.AddDigitized(document);
            }
        }

        public void AddProblem(LedgerProblem problem)
        {
            QualityTally.Increment(Total.Quality!.ProblemsByRule, problem.Rule);
            QualityTally.Increment(Agency(problem.AgencyCode).Quality!.ProblemsByRule, problem.Rule);
        }

        /// <summary>The entry a dossier is counted by: its batch entry first in (source, item) order, whatever order the ledger gave; else its first open.</summary>
        private static LedgerEntry Anchor(List<LedgerEntry> entries)
        {
            LedgerEntry? anchor = null;
            foreach (LedgerEntry entry in entries)
            {
                bool fromBatch = entry.Source != LedgerEntry.AuditSource;
                bool anchorFromBatch = anchor is not null && anchor.Source != LedgerEntry.AuditSource;
                if (anchor is null || (fromBatch && !anchorFromBatch)
                    || (fromBatch == anchorFromBatch && (string.CompareOrdinal(entry.Source, anchor.Source) is var order && (order < 0 || (order == 0 && entry.Item < anchor.Item)))))
                {
                    anchor = entry;
                }
            }

            return anchor!;
        }

        private static int Knowledge(LedgerEntry entry) => (entry.ScannedPages is null ? 0 : 2) + (entry.SignatureLevel is null ? 0 : 1);

        private static LedgerEntry Merge(LedgerEntry better, LedgerEntry other) =>
            better with { SignatureLevel = better.SignatureLevel ?? other.SignatureLevel, Flagged = better.Flagged || other.Flagged };

        private void AddTo(DossierCounts counts, Tally agency, Tally level, Tally procedure, Tally month)
        {
            Total.Add(counts);
            agency.Add(counts);
            level.Add(counts);
            procedure.Add(counts);
            month.Add(counts);
        }

        private void Lines(LedgerEntry entry, out Tally agency, out Tally level, out Tally procedure, out Tally month)
        {
            agency = Agency(entry.AgencyCode);
            int levelOf = agencies.TryGetValue(entry.AgencyCode, out LedgerAgency? known) ? (int)known.Level : -1;
            if (!ByLevel.TryGetValue(levelOf, out Tally? levelTally))
            {
                ByLevel[levelOf] = levelTally = new Tally(withQuality: false);
            }

            level = levelTally;
            if (!ByProcedure.TryGetValue(entry.ProcedureCode, out Tally? procedureTally))
            {
                ByProcedure[entry.ProcedureCode] = procedureTally = new Tally(withQuality: false);
            }

            procedure = procedureTally;
            var monthOf = new DateOnly(entry.ReceivedOn.Year, entry.ReceivedOn.Month, 1);
            if (!ByMonth.TryGetValue(monthOf, out Tally? monthTally))
            {
                ByMonth[monthOf] = monthTally = new Tally(withQuality: false);
                FirstMonth = FirstMonth is { } f && f < monthOf ? f : monthOf;
                LastMonth = LastMonth is { } l && l > monthOf ? l : monthOf;
            }

            month = monthTally;
        }

        private Tally Agency(string code)
        {
            if (!ByAgency.TryGetValue(code, out Tally? tally))
            {
                ByAgency[code] = tally = new Tally(withQuality: true);
            }

            return tally;
        }
    }

    /// <summary>The results of one kind in one dossier, across the batches that held them.</summary>
    private sealed class ResultKind
    {
        private readonly Dictionary<string, int> _perBatch = new(StringComparer.Ordinal);
        private readonly HashSet<string> _digitized = new(StringComparer.Ordinal);

        /// <summary>The most results of this kind any one batch held, or the distinct stored ones when more.</summary>
        public int Issued
        {
            get
            {
                int most = _digitized.Count;
                foreach (int inBatch in _perBatch.Values)
                {
                    most = Math.Max(most, inBatch);
                }

                return most;
            }
        }

        public void Clear()
        {
            _perBatch.Clear();
            _digitized.Clear();
        }

        public int Digitized => _digitized.Count;

        public void Add(LedgerEntry entry)
        {
            _perBatch[entry.Source] = _perBatch.GetValueOrDefault(entry.Source) + 1;
            if (entry.IsDigitized && entry.DocumentId is { } id)
            {
                _digitized.Add(id);
            }
        }
    }
}
