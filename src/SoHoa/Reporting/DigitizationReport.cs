using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>
/// The digitization report (schema <c>sohoa.report/v1</c>): the Decision 766/QĐ-TTg indicators over a range of days of
/// receipt, in total and per agency level, agency, procedure and month, each rate against its target, and the
/// pipeline's own quality.
/// </summary>
/// <param name="Schema">Always <see cref="SchemaV1"/>.</param>
/// <param name="GeneratedAt">When the report was made.</param>
/// <param name="Scope">What was asked: days, agency, level, and the year whose targets apply.</param>
/// <param name="TargetsSource">Where the targets come from.</param>
/// <param name="Total">Everything in scope.</param>
/// <param name="ByLevel">Per agency level (key <c>ministry</c>, <c>province</c>, <c>district</c>, <c>commune</c>, or <c>unknown</c>).</param>
/// <param name="ByAgency">Per agency (key: the agency code).</param>
/// <param name="ByProcedure">Per procedure (key: the procedure code).</param>
/// <param name="ByMonth">Per month of receipt (key <c>yyyy-MM</c>), every month of the range.</param>
/// <param name="Notes">What could not be counted, and how things were counted, in Vietnamese for the reader.</param>
public sealed record DigitizationReport(
    string Schema,
    DateTimeOffset GeneratedAt,
    ReportScope Scope,
    string TargetsSource,
    ReportLine Total,
    IReadOnlyList<ReportLine> ByLevel,
    IReadOnlyList<ReportLine> ByAgency,
    IReadOnlyList<ReportLine> ByProcedure,
    IReadOnlyList<ReportLine> ByMonth,
    IReadOnlyList<string> Notes)
{
    /// <summary>The schema name.</summary>
    public const string SchemaV1 = "sohoa.report/v1";
}

/// <summary>What a report covers.</summary>
/// <param name="From">The first day of receipt, or null for the beginning.</param>
/// <param name="To">The last day of receipt, or null for the end.</param>
/// <param name="Agency">Only this agency, or null.</param>
/// <param name="Level">Only agencies of this level, or null.</param>
/// <param name="TargetYear">The year whose targets the report's lines are shown against (each month line: its own year).</param>
public sealed record ReportScope(DateOnly? From, DateOnly? To, string? Agency, AgencyLevel? Level, int TargetYear);

/// <summary>One line of the report: the figures of a level, agency, procedure, month, or the total.</summary>
/// <param name="Key">The level name, agency code, procedure code or month (<c>yyyy-MM</c>); <c>total</c> for the total.</param>
/// <param name="Label">The same for a person, in Vietnamese (an agency's name, "Cấp xã", "03/2026").</param>
/// <param name="Level">The agency level of an agency or level line; null otherwise or when unknown.</param>
/// <param name="Figures">The counts.</param>
/// <param name="Rates">The rates, in percent.</param>
/// <param name="Targets">The targets the rates are judged against, when one level applies; null otherwise.</param>
/// <param name="Quality">The pipeline's quality figures (total and agency lines); null on other lines.</param>
public sealed record ReportLine(string Key, string Label, AgencyLevel? Level, ReportFigures Figures, ReportRates Rates, RateTargets? Targets, ReportQuality? Quality);

/// <summary>The Decision 766 counts. A dossier is counted in the month and agency of its receipt (from its code).</summary>
/// <param name="DossiersReceived">Dossiers (valid codes) of processed batches, each once however often it was processed.</param>
/// <param name="DossiersDigitized">Of those, dossiers with at least one component digitized or reused.</param>
/// <param name="DossiersReused">Of those, dossiers with at least one component reused (in the manifest, or an audited open for the dossier).</param>
/// <param name="ComponentsDigitized">Components (documents with role <c>input</c>) stored, counted once per document id.</param>
/// <param name="ComponentsReused">Components reused: <paramref name="ComponentsReusedInBatches"/> plus <paramref name="ComponentsReusedByOpen"/>.</param>
/// <param name="ComponentsReusedInBatches">Documents a manifest reused instead of bringing them again.</param>
/// <param name="ComponentsReusedByOpen">Audited opens of a stored document that served a procedure.</param>
/// <param name="ResultsIssued">Results (documents with role <c>result</c>) in processed batches.</param>
/// <param name="ResultsDigitized">Of those, results stored and signed, counted once per document id.</param>
public sealed record ReportFigures(
    long DossiersReceived,
    long DossiersDigitized,
    long DossiersReused,
    long ComponentsDigitized,
    long ComponentsReused,
    long ComponentsReusedInBatches,
    long ComponentsReusedByOpen,
    long ResultsIssued,
    long ResultsDigitized);

/// <summary>The three rates, in percent rounded to one decimal; null when nothing was received or issued.</summary>
/// <param name="DossiersDigitized">Dossiers with a digitized or reused component ÷ dossiers received.</param>
/// <param name="ResultsDigitized">Results digitized ÷ results issued.</param>
/// <param name="DossiersReused">Dossiers served by reuse ÷ dossiers received.</param>
public sealed record ReportRates(double? DossiersDigitized, double? ResultsDigitized, double? DossiersReused)
{
    /// <summary>The rates of <paramref name="figures"/>.</summary>
    public static ReportRates Of(ReportFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new ReportRates(
            Percent(figures.DossiersDigitized, figures.DossiersReceived),
            Percent(figures.ResultsDigitized, figures.ResultsIssued),
            Percent(figures.DossiersReused, figures.DossiersReceived));
    }

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/> in percent, one decimal, halves away from zero; null when <paramref name="whole"/> is 0.</summary>
    public static double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The pipeline's own quality. Pages and levels are counted once per stored document id.</summary>
/// <param name="DocumentsDigitized">Documents stored (now or by an earlier run), once per id.</param>
/// <param name="PdfPages">Pages in their PDFs.</param>
/// <param name="ScannedPages">Pages read from their inputs, blank ones included.</param>
/// <param name="BlankPages">Pages found blank (left out of a scan's PDF; kept in a signed input's).</param>
/// <param name="LowConfidencePages">Pages flagged for a person because OCR was not confident.</param>
/// <param name="DocumentsWithoutPageFigures">Stored documents whose sidecar could not be read, so their scanned, blank and low-confidence pages are not in the figures above.</param>
/// <param name="Flagged">Signed inputs stored with signatures that are not all valid.</param>
/// <param name="Rejected">Documents rejected (the input must be corrected).</param>
/// <param name="Failed">Documents that failed (a retry may succeed).</param>
/// <param name="RejectedByRule">Rejected documents per rule code (a document with two rules counts under both).</param>
/// <param name="FailedByRule">Failed documents per rule code.</param>
/// <param name="BatchProblemsByRule">Problems tied to no document (an unreadable manifest or dossier entry) per rule code.</param>
/// <param name="SignatureLevels">Stored documents per PAdES level SoHoa signed at; <c>none</c> when it could not sign (a certified input), <c>unknown</c> when not recorded.</param>
public sealed record ReportQuality(
    long DocumentsDigitized,
    long PdfPages,
    long ScannedPages,
    long BlankPages,
    long LowConfidencePages,
    long DocumentsWithoutPageFigures,
    long Flagged,
    long Rejected,
    long Failed,
    IReadOnlyList<RuleCount> RejectedByRule,
    IReadOnlyList<RuleCount> FailedByRule,
    IReadOnlyList<RuleCount> BatchProblemsByRule,
    IReadOnlyList<LevelCount> SignatureLevels);

/// <summary>How many documents (or problems) a rule code accounts for.</summary>
/// <param name="Rule">The rule code, such as <c>personal-id.province</c>.</param>
/// <param name="Count">How many.</param>
public sealed record RuleCount(string Rule, long Count);

/// <summary>How many stored documents were signed at a level.</summary>
/// <param name="Level">B-B, B-T, B-LT, B-LTA, <c>none</c> or <c>unknown</c>.</param>
/// <param name="Count">How many.</param>
public sealed record LevelCount(string Level, long Count);
