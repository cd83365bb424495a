using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>Every line of a report being counted, and how one dossier's entries count in them (see <see cref="ReportCounter"/>).</summary>
internal sealed class ReportTallies(Dictionary<string, LedgerAgency> agencies)
{
    private readonly HashSet<string> _digitizedInputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerEntry> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReportResultKind> _resultKinds = new(StringComparer.Ordinal);
    private readonly Stack<ReportResultKind> _spareKinds = new();

    public ReportLineTally Total { get; } = new(withQuality: true);

    /// <summary>Per level, keyed by the level's number, -1 for agencies whose level is not known.</summary>
    public Dictionary<int, ReportLineTally> ByLevel { get; } = [];

    public Dictionary<string, ReportLineTally> ByAgency { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ReportLineTally> ByProcedure { get; } = new(StringComparer.Ordinal);

    public Dictionary<DateOnly, ReportLineTally> ByMonth { get; } = [];

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
                Lines(entry, out ReportLineTally agency, out ReportLineTally level, out ReportLineTally procedure, out ReportLineTally month);
                var counts = new ReportDossierCounts(0, 0, 0, 0, 0, entry.Outcome == LedgerOutcome.Opened ? 1 : 0, 0, 0);
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
        Lines(anchor, out ReportLineTally agencyLine, out ReportLineTally levelLine, out ReportLineTally procedureLine, out ReportLineTally monthLine);
        int opens = 0;
        bool inBatch = false;

        // A third of a million dossiers pass through here: the sets are cleared and used again, not made anew.
        HashSet<string> digitizedInputs = _digitizedInputs;
        HashSet<string> reused = _reused;
        Dictionary<string, LedgerEntry> stored = _stored;
        Dictionary<string, ReportResultKind> resultKinds = _resultKinds;
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
                if (!resultKinds.TryGetValue(entry.Kind, out ReportResultKind? kind))
                {
                    resultKinds[entry.Kind] = kind = _spareKinds.Count > 0 ? _spareKinds.Pop() : new ReportResultKind();
                    kind.Clear();
                }

                kind.Add(entry);
            }
        }

        int issued = 0, resultsDigitized = 0;
        foreach (ReportResultKind kind in resultKinds.Values)
        {
            issued += kind.Issued;
            resultsDigitized += kind.Digitized;
            _spareKinds.Push(kind);
        }

        int reusedTotal = reused.Count + opens;
        var dossierCounts = new ReportDossierCounts(
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
        ReportQualityTally.Increment(Total.Quality!.ProblemsByRule, problem.Rule);
        ReportQualityTally.Increment(Agency(problem.AgencyCode).Quality!.ProblemsByRule, problem.Rule);
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

    private void AddTo(ReportDossierCounts counts, ReportLineTally agency, ReportLineTally level, ReportLineTally procedure, ReportLineTally month)
    {
        Total.Add(counts);
        agency.Add(counts);
        level.Add(counts);
        procedure.Add(counts);
        month.Add(counts);
    }

    private void Lines(LedgerEntry entry, out ReportLineTally agency, out ReportLineTally level, out ReportLineTally procedure, out ReportLineTally month)
    {
        agency = Agency(entry.AgencyCode);
        int levelOf = agencies.TryGetValue(entry.AgencyCode, out LedgerAgency? known) ? (int)known.Level : -1;
        if (!ByLevel.TryGetValue(levelOf, out ReportLineTally? levelTally))
        {
            ByLevel[levelOf] = levelTally = new ReportLineTally(withQuality: false);
        }

        level = levelTally;
        if (!ByProcedure.TryGetValue(entry.ProcedureCode, out ReportLineTally? procedureTally))
        {
            ByProcedure[entry.ProcedureCode] = procedureTally = new ReportLineTally(withQuality: false);
        }

        procedure = procedureTally;
        var monthOf = new DateOnly(entry.ReceivedOn.Year, entry.ReceivedOn.Month, 1);
        if (!ByMonth.TryGetValue(monthOf, out ReportLineTally? monthTally))
        {
            ByMonth[monthOf] = monthTally = new ReportLineTally(withQuality: false);
            FirstMonth = FirstMonth is { } f && f < monthOf ? f : monthOf;
            LastMonth = LastMonth is { } l && l > monthOf ? l : monthOf;
        }

        month = monthTally;
    }

    private ReportLineTally Agency(string code)
    {
        if (!ByAgency.TryGetValue(code, out ReportLineTally? tally))
        {
            ByAgency[code] = tally = new ReportLineTally(withQuality: true);
        }

        return tally;
    }
}
