using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using System.Xml.Linq;
using SoHoa.Reporting;
using SoHoa.Signing;
using SoHoa.Storage;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Reporting;

/// <summary>The report's JSON, CSV and HTML carry the same figures; the page fetches nothing and names its charts.</summary>
[TestClass]
public sealed partial class ReportWriterTests
{
    private static DigitizationReport? s_report;

    [ClassInitialize]
    public static async Task CountHistory(TestContext context)
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        SqliteReportLedger ledger = SqliteReportLedger.Open(store);
        await ReportHistory.RecordAsync(ledger, store);
        s_report = await new ReportCounter().CountAsync(ledger, new ReportRequest { To = new DateOnly(2026, 3, 31) }, context.CancellationTokenSource.Token);
    }

    private static DigitizationReport Report => s_report!;

    [TestMethod]
    public void Json_RoundTrips_WithTheDocumentedNames()
    {
        byte[] json = ReportJson.Serialize(Report);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;

        Assert.AreEqual("sohoa.report/v1", root.GetProperty("schema").GetString());
        Assert.AreEqual(7, root.GetProperty("total").GetProperty("figures").GetProperty("dossiersReceived").GetInt64());
        Assert.AreEqual(85.7, root.GetProperty("total").GetProperty("rates").GetProperty("dossiersDigitized").GetDouble());
        Assert.AreEqual("2026-03-31", root.GetProperty("scope").GetProperty("to").GetString());
        Assert.AreEqual("district", root.GetProperty("byAgency")[1].GetProperty("level").GetString());
        Assert.AreEqual("UBND huyện Phụng Hiệp", root.GetProperty("byAgency")[1].GetProperty("label").GetString(), "Vietnamese stays readable");
        Assert.AreEqual(4, root.GetProperty("total").GetProperty("quality").GetProperty("rejectedByRule").GetArrayLength());
        CollectionAssert.AreEqual(json, ReportJson.Serialize(ReportJson.Deserialize(json)));
    }

    [TestMethod]
    public void Csv_HasOneRowPerLineAndCount_WithInvariantNumbers()
    {
        byte[] bytes = ReportCsv.Serialize(Report);
        CollectionAssert.AreEqual(Encoding.UTF8.GetPreamble(), bytes[..3], "a byte order mark, for spreadsheet programs");
        string[] rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] header = rows[0].Split(',');

        Dictionary<string, string> total = Cells(header, rows.Single(r => r.StartsWith("total,", StringComparison.Ordinal)));
        Assert.AreEqual("7", total["dossiersReceived"]);
        Assert.AreEqual("85.7", total["rateDossiersDigitized"]);
        Assert.AreEqual("21", total["pdfPages"]);
        Assert.AreEqual(4, rows.Count(r => r.StartsWith("level,", StringComparison.Ordinal)), "province, district, commune, unknown");
        Assert.AreEqual(Report.ByAgency.Count, rows.Count(r => r.StartsWith("agency,", StringComparison.Ordinal)));
        Assert.AreEqual(3, rows.Count(r => r.StartsWith("month,", StringComparison.Ordinal)));
        Assert.IsTrue(rows.Contains("signature-level,B-B,,,,,,,,,,,,,,,,,,,,,,,,,,,,7"), "the total's signature levels");
        Assert.IsTrue(rows.Any(r => r.StartsWith("agency,000.00.01.H12,UBND huyện Phụng Hiệp,district,", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Html_IsSelfContainedAndAccessible()
    {
        string html = ReportHtml.Write(Report);

        StringAssert.StartsWith(html, "<!DOCTYPE html>\n<html lang=\"vi\">");
        StringAssert.Contains(html, "<title>Báo cáo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính — đến 31/03/2026</title>");
        Assert.IsFalse(ExternalReference().IsMatch(html), "nothing is fetched: " + ExternalReference().Match(html).Value);
        Assert.IsFalse(html.Contains("<script", StringComparison.Ordinal));
        Assert.IsTrue(Regex.Count(html, "<th scope=\"col\">") > 40, "table headers");

        MatchCollection charts = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline);
        Assert.AreEqual(2, charts.Count, "the agency chart and the monthly trend");
        var ids = new HashSet<string>();
        foreach (Match chart in charts)
        {
            XElement svg = XElement.Parse(chart.Value);
            XNamespace ns = svg.Name.Namespace;
            Assert.AreEqual("img", (string?)svg.Attribute("role"));
            string[] labelledBy = ((string)svg.Attribute("aria-labelledby")!).Split(' ');
            Assert.AreEqual(2, labelledBy.Length);
            Assert.IsFalse(string.IsNullOrWhiteSpace(svg.Element(ns + "title")?.Value));
            StringAssert.Contains(svg.Element(ns + "desc")!.Value, " %", "the description reads out the rates");
            Assert.IsTrue(svg.Descendants(ns + "text").Count() > 5, "axis labels are text");
            foreach (string id in svg.DescendantsAndSelf().Select(e => (string?)e.Attribute("id")).OfType<string>())
            {
                Assert.IsTrue(ids.Add(id), $"id {id} is used twice in the page");
            }
        }

        StringAssert.Contains(charts[0].Value, "UBND huyện Phụng Hiệp");
    }

    [TestMethod]
    public void Html_NumbersInCells_MatchTheJson()
    {
        string html = ReportHtml.Write(Report);
        Match total = Regex.Match(html, "<tr data-scope=\"total\" data-key=\"total\">(.*?)</tr>");

        Assert.IsTrue(total.Success);
        StringAssert.Contains(total.Value, "data-field=\"figures.dossiersReceived\" data-value=\"7\">7</td>");
        StringAssert.Contains(total.Value, "data-field=\"rates.dossiersDigitized\" data-value=\"85.7\">85,7</td>");
        StringAssert.Contains(total.Value, "data-field=\"rates.resultsDigitized\" data-value=\"80\">80,0</td>");
    }

    [TestMethod]
    public async Task Html_NamesWithMarkup_AreEscapedInTablesAndCharts()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        SqliteReportLedger ledger = SqliteReportLedger.Open(store);
        const string name = "Sở Tư pháp & \"Hộ tịch\" <b>";
        const string dossier = "000.00.02.H12-260301-0001";
        var manifest = new SoHoa.Batches.BatchManifest("X1", new SoHoa.Batches.Agency("000.00.02.H12", name, SoHoa.Batches.AgencyLevel.Province),
            [new SoHoa.Batches.DossierEntry(0, dossier, "1.001612", new SoHoa.Batches.Applicant("093090001234", null, null),
                [new SoHoa.Batches.DocumentEntry(0, "id-card", SoHoa.Batches.DocumentRole.Input, [], null, null, null)])]);
        var result = new SoHoa.Pipeline.BatchResult("X1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [new SoHoa.Pipeline.DocumentResult(dossier, 0, "id-card", SoHoa.Pipeline.DocumentStatus.Stored, "x1", "x/x1.pdf", 1, [], [])], []);
        await ledger.RecordBatchAsync(result, manifest, store, PadesLevel.BaselineB);

        string html = ReportHtml.Write(await new ReportCounter().CountAsync(ledger, new ReportRequest()));

        StringAssert.Contains(html, "Sở Tư pháp &amp; &quot;Hộ tịch&quot; &lt;b&gt;");
        Assert.IsFalse(html.Contains("<b>", StringComparison.Ordinal));
        XElement[] charts = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => XElement.Parse(m.Value)).ToArray();
        Assert.AreEqual(2, charts.Length);
        StringAssert.Contains(charts[0].Value, name, "the agency chart holds the name as text");
    }

    private static Dictionary<string, string> Cells(string[] header, string row)
    {
        string[] cells = row.Split(',');
        return header.Select((name, i) => (name, cells[i])).ToDictionary(p => p.name, p => p.Item2);
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:|//)|@import|url\((?!#)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
