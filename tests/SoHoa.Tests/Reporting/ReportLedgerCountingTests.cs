using SoHoa.Batches;
using SoHoa.Reporting;
using SoHoa.Storage;
using SoHoa.Tests.Support;
using static SoHoa.Tests.Reporting.ReportHistory;

namespace SoHoa.Tests.Reporting;

/// <summary>
/// Exact counts of <see cref="ReportHistory"/> against figures computed by hand, on each ledger. The order of the
/// figures in each expectation: dossiers received, dossiers digitized, dossiers reused, components digitized,
/// components reused (in batches + by open), in batches, by open, results issued, results digitized. Each backend's
/// test class derives from it (the Azure one in SoHoa.IntegrationTests, which links this file, on a real Azurite).
/// </summary>
public abstract class ReportLedgerCountingTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 1, 0, 0, TimeSpan.Zero);

    protected abstract IReportLedger CreateLedger(FolderDocumentStore store);

    [TestMethod]
    public async Task CountAsync_WholeHistory_GivesTheHandComputedTotals()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest());

        AssertFigures(report.Total, 7, 6, 2, 6, 4, 1, 3, 5, 4);
        Assert.AreEqual(85.7, report.Total.Rates.DossiersDigitized);
        Assert.AreEqual(80.0, report.Total.Rates.ResultsDigitized);
        Assert.AreEqual(28.6, report.Total.Rates.DossiersReused);
        Assert.IsNull(report.Total.Targets, "three levels: no one target applies to the total");
        Assert.AreEqual(2026, report.Scope.TargetYear, "the year of the last month counted");
        Assert.AreEqual(DigitizationReport.SchemaV1, report.Schema);
        Assert.AreEqual(Now, report.GeneratedAt);
    }

    [TestMethod]
    public async Task CountAsync_WholeHistory_CountsEachAgencyAndLevel()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest());

        CollectionAssert.AreEqual(new[] { Province, District, Commune, "unknown" }, report.ByAgency.Select(a => a.Key).ToArray());
        AssertFigures(Line(report.ByAgency, District), 3, 3, 1, 3, 1, 1, 0, 3, 3);
        AssertFigures(Line(report.ByAgency, Commune), 3, 2, 1, 2, 1, 0, 1, 1, 1);
        AssertFigures(Line(report.ByAgency, Province), 1, 1, 0, 1, 1, 0, 1, 1, 0);
        AssertFigures(Line(report.ByAgency, "unknown"), 0, 0, 0, 0, 1, 0, 1, 0, 0);
        Assert.AreEqual("UBND huyện Phụng Hiệp", Line(report.ByAgency, District).Label);
        Assert.AreEqual(AgencyLevel.District, Line(report.ByAgency, District).Level);
        Assert.AreEqual(new RateTargets(100, 100, null), Line(report.ByAgency, Commune).Targets, "Decision 468 in 2026: 15 + 5 × 20 capped at 100; none for reuse");

        CollectionAssert.AreEqual(new[] { "province", "district", "commune", "unknown" }, report.ByLevel.Select(l => l.Key).ToArray());
        AssertFigures(Line(report.ByLevel, "district"), 3, 3, 1, 3, 1, 1, 0, 3, 3);
        AssertFigures(Line(report.ByLevel, "commune"), 3, 2, 1, 2, 1, 0, 1, 1, 1);
        Assert.AreEqual("Cấp xã", Line(report.ByLevel, "commune").Label);
        Assert.AreEqual(66.7, Line(report.ByLevel, "commune").Rates.DossiersDigitized);
        Assert.IsNull(Line(report.ByLevel, "unknown").Rates.DossiersDigitized, "nothing received: no rate");
    }

    [TestMethod]
    public async Task CountAsync_WholeHistory_CountsEachProcedureAndMonth()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest());

        AssertFigures(Line(report.ByProcedure, "1.001612"), 5, 4, 0, 5, 2, 0, 2, 4, 3);
        AssertFigures(Line(report.ByProcedure, "2.000488"), 2, 2, 2, 1, 2, 1, 1, 1, 1);

        CollectionAssert.AreEqual(new[] { "2026-01", "2026-02", "2026-03" }, report.ByMonth.Select(m => m.Key).ToArray());
        AssertFigures(report.ByMonth[0], 3, 3, 1, 3, 1, 1, 0, 3, 3);
        AssertFigures(report.ByMonth[1], 3, 2, 1, 2, 1, 0, 1, 1, 1);
        AssertFigures(report.ByMonth[2], 1, 1, 0, 1, 2, 0, 2, 1, 0);
        Assert.AreEqual("02/2026", report.ByMonth[1].Label);
    }

    [TestMethod]
    public async Task CountAsync_WholeHistory_GivesTheQualityFigures()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest());
        ReportQuality q = report.Total.Quality!;

        Assert.AreEqual(10, q.DocumentsDigitized);
        Assert.AreEqual(21, q.PdfPages);
        Assert.AreEqual(17, q.ScannedPages);
        Assert.AreEqual(2, q.BlankPages);
        Assert.AreEqual(4, q.LowConfidencePages, "d1a and c2a from their sidecars, p1a's two from its result");
        Assert.AreEqual(1, q.DocumentsWithoutPageFigures);
        Assert.AreEqual(1, q.Flagged);
        Assert.AreEqual(4, q.Rejected);
        Assert.AreEqual(2, q.Failed, "the redelivery's failure of a stored document is not counted");
        CollectionAssert.AreEqual(
            new[] { new RuleCount("dossier-code.format", 1), new RuleCount("file.format", 1), new RuleCount("file.missing", 1), new RuleCount("personal-id.province", 1) },
            q.RejectedByRule.ToArray());
        CollectionAssert.AreEqual(new[] { new RuleCount("processing.failed", 2) }, q.FailedByRule.ToArray());
        CollectionAssert.AreEqual(new[] { new RuleCount("manifest.dossier", 1) }, q.BatchProblemsByRule.ToArray());
        CollectionAssert.AreEqual(
            new[] { new LevelCount("B-B", 7), new LevelCount("B-T", 1), new LevelCount("none", 1), new LevelCount("unknown", 1) },
            q.SignatureLevels.ToArray(), "a redelivery that found documents stored keeps the level the first run recorded");

        ReportQuality district = Line(report.ByAgency, District).Quality!;
        Assert.AreEqual((6, 9, 10, 1, 1, 2, 1), (district.DocumentsDigitized, district.PdfPages, district.ScannedPages, district.BlankPages, district.LowConfidencePages, district.Rejected, district.Failed));
        ReportQuality commune = Line(report.ByAgency, Commune).Quality!;
        Assert.AreEqual((3, 7, 7, 1, 1, 1, 1, 1), (commune.DocumentsDigitized, commune.PdfPages, commune.ScannedPages, commune.BlankPages, commune.LowConfidencePages, commune.Flagged, commune.Rejected, commune.Failed));
        Assert.AreEqual(1, commune.BatchProblemsByRule.Single().Count);
    }

    [TestMethod]
    public async Task CountAsync_EverythingRecordedTwice_CountsOnce()
    {
        DigitizationReport once = await ReportOfAsync(new ReportRequest());
        DigitizationReport twice = await ReportOfAsync(new ReportRequest(), everythingTwice: true);

        CollectionAssert.AreEqual(ReportJson.Serialize(once), ReportJson.Serialize(twice));
    }

    [TestMethod]
    public async Task CountAsync_OneMonth_CountsTheDossiersReceivedThen()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest { From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 2, 28) });

        // B3 ran in February but its dossiers were received in January: they stay in January.
        AssertFigures(report.Total, 3, 2, 1, 2, 1, 0, 1, 1, 1);
        Assert.AreEqual("2026-02", report.ByMonth.Single().Key);
        Assert.AreEqual(1, report.Total.Quality!.Rejected, "the dossier with an invalid code, dated by its batch");
        Assert.AreEqual(1, report.Total.Quality.BatchProblemsByRule.Single().Count);
        Assert.AreEqual(2026, report.Scope.TargetYear);
    }

    [TestMethod]
    public async Task CountAsync_OneLevel_CountsItsAgenciesAndShowsItsTargets()
    {
        string targets = """
            { "schema": "sohoa.report-targets/v1", "source": "Kế hoạch 01/KH-UBND",
              "years": { "2026": { "commune": { "dossiersDigitized": 70, "dossiersReused": 50 } } } }
            """;
        DigitizationReport report = await ReportOfAsync(new ReportRequest
        {
            Level = AgencyLevel.Commune,
            Targets = DigitizationTargets.Parse(System.Text.Encoding.UTF8.GetBytes(targets), "targets.json"),
        });

        AssertFigures(report.Total, 3, 2, 1, 2, 1, 0, 1, 1, 1);
        Assert.AreEqual(new RateTargets(70, 100, 50), report.Total.Targets);
        Assert.AreEqual(new RateTargets(70, 100, 50), report.ByMonth.Single().Targets);
        Assert.AreEqual("Kế hoạch 01/KH-UBND", report.TargetsSource);
        Assert.AreEqual(Commune, report.ByAgency.Single().Key);
    }

    [TestMethod]
    public async Task CountAsync_OneAgency_CountsOnlyIt()
    {
        DigitizationReport report = await ReportOfAsync(new ReportRequest { Agency = District });

        AssertFigures(report.Total, 3, 3, 1, 3, 1, 1, 0, 3, 3);
        Assert.AreEqual(new RateTargets(100, 100, null), report.Total.Targets);
        Assert.AreEqual(1, report.ByMonth.Count);
    }

    [TestMethod]
    public async Task CountAsync_EmptyLedger_GivesZerosAndNoRates()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        DigitizationReport report = await new ReportCounter(new FixedTime(Now)).CountAsync(CreateLedger(store), new ReportRequest());

        AssertFigures(report.Total, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Assert.IsNull(report.Total.Rates.ResultsDigitized);
        Assert.AreEqual(0, report.ByAgency.Count);
        Assert.AreEqual(0, report.ByMonth.Count);
    }

    private async Task<DigitizationReport> ReportOfAsync(ReportRequest request, bool everythingTwice = false)
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        IReportLedger ledger = CreateLedger(store);
        await ReportHistory.RecordAsync(ledger, store, everythingTwice);
        return await new ReportCounter(new FixedTime(Now)).CountAsync(ledger, request);
    }

    private static ReportLine Line(IEnumerable<ReportLine> lines, string key) => lines.Single(l => l.Key == key);

    private static void AssertFigures(ReportLine line, long received, long digitized, long reused, long components, long componentsReused, long inBatches, long byOpen, long issued, long resultsDigitized)
    {
        var expected = new ReportFigures(received, digitized, reused, components, componentsReused, inBatches, byOpen, issued, resultsDigitized);
        Assert.AreEqual(expected, line.Figures, $"line {line.Key}");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
