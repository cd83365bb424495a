using System.Text;
using SoHoa.Batches;
using SoHoa.Reporting;

namespace SoHoa.Tests.Reporting;

/// <summary>Decision 468's defaults and a province's targets file.</summary>
[TestClass]
public sealed class DigitizationTargetsTests
{
    [TestMethod]
    [DataRow(2020, AgencyLevel.Province, null)]
    [DataRow(2021, AgencyLevel.Ministry, 40.0)]
    [DataRow(2021, AgencyLevel.Province, 30.0)]
    [DataRow(2021, AgencyLevel.District, 20.0)]
    [DataRow(2021, AgencyLevel.Commune, 15.0)]
    [DataRow(2022, AgencyLevel.Province, 50.0)]
    [DataRow(2023, AgencyLevel.District, 60.0)]
    [DataRow(2024, AgencyLevel.Commune, 75.0)]
    [DataRow(2024, AgencyLevel.Ministry, 100.0)]
    [DataRow(2025, AgencyLevel.Commune, 95.0)]
    [DataRow(2026, AgencyLevel.Commune, 100.0)]
    public void Default_Decision468_StartsIn2021AndRisesTwentyPointsAYearTo100(int year, AgencyLevel level, double? expected)
    {
        Assert.AreEqual(expected, DigitizationTargets.Default(year, level));
        Assert.AreEqual(new RateTargets(expected, expected, null), DigitizationTargets.Decision468.For(year, level));
    }

    [TestMethod]
    public void Parse_ProvincialPlan_OverridesOnlyWhatItNames()
    {
        DigitizationTargets targets = Parse("""
            { "schema": "sohoa.report-targets/v1",
              "years": { "2021": { "province": { "resultsDigitized": 50 }, "commune": { "dossiersReused": 80, "dossiersDigitized": 20 } } } }
            """);

        Assert.AreEqual(new RateTargets(30, 50, null), targets.For(2021, AgencyLevel.Province));
        Assert.AreEqual(new RateTargets(20, 15, 80), targets.For(2021, AgencyLevel.Commune));
        Assert.AreEqual(new RateTargets(40, 40, null), targets.For(2022, AgencyLevel.District));
        Assert.AreEqual("targets.json", targets.Source);
    }

    [TestMethod]
    public void Parse_EveryMistake_IsReportedAtOnce()
    {
        var error = Assert.ThrowsExactly<SoHoaException>(() => Parse("""
            { "schema": "sohoa.targets/v0",
              "years": { "20x6": {}, "2026": { "village": {}, "commune": { "resultsDigitized": 120, "speed": 3 } } } }
            """));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        foreach (string part in new[] { "\"schema\"", "\"20x6\"", "village", "years.2026.commune.resultsDigitized", "years.2026.commune.speed" })
        {
            StringAssert.Contains(error.Message, part);
        }
    }

    private static DigitizationTargets Parse(string json) => DigitizationTargets.Parse(Encoding.UTF8.GetBytes(json), "targets.json");
}
