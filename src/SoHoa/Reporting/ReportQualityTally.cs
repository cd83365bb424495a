namespace SoHoa.Reporting;

/// <summary>The running quality counts of a line: pages, refusals by rule, problems by rule, signature levels.</summary>
internal sealed class ReportQualityTally
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
