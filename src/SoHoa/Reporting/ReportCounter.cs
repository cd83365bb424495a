using System.Globalization;
using SoHoa.Batches;

namespace SoHoa.Reporting;

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
        var tally = new ReportTallies(agencies);
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

    private DigitizationReport Build(ReportRequest request, ReportTallies tally, Dictionary<string, LedgerAgency> agencies)
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
            .Select(p => (Level: LevelOf(p.Key), ReportLineTally: p.Value))
            .Select(p => p.ReportLineTally.ToLine(p.Level is { } l ? l.ToString().ToLowerInvariant() : Unknown, LevelLabel(p.Level), p.Level, TargetsOf(p.Level, targetYear), withQuality: false))
            .ToArray();
        ReportLine[] byAgency = tally.ByAgency
            .Select(p => (Code: p.Key, Agency: agencies.GetValueOrDefault(p.Key), ReportLineTally: p.Value))
            .OrderBy(a => a.Agency is null ? int.MaxValue : (int)a.Agency.Level).ThenBy(a => a.Code, StringComparer.Ordinal)
            .Select(a => a.ReportLineTally.ToLine(
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
                ReportLineTally line = tally.ByMonth.GetValueOrDefault(month) ?? new ReportLineTally(withQuality: false);
                byMonth.Add(line.ToLine(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), month.ToString("MM/yyyy", CultureInfo.InvariantCulture), singleLevel, TargetsOf(singleLevel, month.Year), withQuality: false));
            }
        }

        var scope = new ReportScope(request.From, request.To, request.Agency, request.Level, targetYear);
        return new DigitizationReport(DigitizationReport.SchemaV1, now, scope, targets.Source, total, byLevel, byAgency, byProcedure, byMonth, Notes(tally.Total));
    }

    private static List<string> Notes(ReportLineTally total)
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
}
