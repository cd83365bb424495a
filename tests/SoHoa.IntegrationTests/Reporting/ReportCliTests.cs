using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Reporting;

/// <summary>
/// The report from end to end, as a province would get it: the real <c>sohoa process</c> digitizes a district batch
/// (processed twice) and a commune batch that reuses a paper of the first, an officer opens that paper for the commune's
/// procedure, and <c>sohoa report</c> writes the HTML, JSON and CSV. The page is then loaded in Debian's headless
/// Chromium: the numbers in its rendered DOM equal the JSON, the charts are there, and its screenshot shows them.
/// </summary>
[TestClass]
public sealed partial class ReportCliTests
{
    private const string CitizenA = "093090001234";
    private const string CitizenB = "093196964405";
    private const string District = "000.00.01.H12";
    private const string Commune = "000.01.01.H12";
    private static readonly Dictionary<string, string> Passwords = new() { ["SOHOA_CERT_PASSWORD"] = TestPki.Password };
    private static SohoaCli _cli = null!;
    private static string _store = null!;
    private static string _out = null!;
    private static ToolRun _report = null!;
    private static JsonDocument _json = null!;

    [ClassInitialize]
    public static void ProcessAndReport(TestContext context)
    {
        _ = context;
        _store = TestEnvironment.NewDirectory("reportstore");
        _out = TestEnvironment.NewDirectory("report");
        _cli = new SohoaCli(TestEnvironment.NewDirectory("reporthome"));

        string first = Batch("RPT-1", District, "UBND huyện Phụng Hiệp", "district", $$"""
            { "dossierCode": "{{District}}-261101-0001", "procedureCode": "1.001612", "applicant": { "personalId": "{{CitizenA}}" },
              "documents": [
                { "kind": "birth-certificate", "role": "input", "files": ["a/01.jpg"], "issuedOn": "2020-12-23" },
                { "kind": "birth-extract", "role": "result", "files": ["a/02.png"] } ] },
            { "dossierCode": "{{District}}-261102-0002", "procedureCode": "1.001612", "applicant": { "personalId": "{{CitizenB}}" },
              "documents": [ { "kind": "household-registration", "role": "input", "files": ["b/missing.png"] } ] }
            """, ("a/01.jpg", "0001/01.jpg"), ("a/02.png", "0001/02.png"));
        JsonDocument processed = Process(first);
        string birth = processed.RootElement.GetProperty("documents")[0].GetProperty("documentId").GetString()
            ?? throw new AssertFailedException("The birth certificate was not stored: " + processed.RootElement);
        Process(first).Dispose(); // the same batch again: counted once

        string commune = Batch("RPT-2", Commune, "UBND xã Tân Bình", "commune", $$"""
            { "dossierCode": "{{Commune}}-261115-0001", "procedureCode": "2.000488", "applicant": { "personalId": "{{CitizenA}}" },
              "documents": [
                { "kind": "birth-certificate", "role": "input", "reuse": { "documentId": "{{birth}}" } },
                { "kind": "marriage-certificate", "role": "result", "files": ["c/01.png"] } ] }
            """, ("c/01.png", "0002/01.png"));
        Process(commune).Dispose();
        processed.Dispose();

        ToolRun open = _cli.Run("open", birth, "--store", _store, "--trust", Pki.RootCertificate, "--procedure", "2.000488",
            "--dossier", Commune + "-261115-0001", "--out", Path.Combine(_out, "opened.pdf"));
        Assert.AreEqual(0, open.ExitCode, open.Output);

        _report = _cli.Run("report", "--store", _store, "--out", Path.Combine(_out, "report.html"), "--json", "--csv");
        Assert.AreEqual(0, _report.ExitCode, _report.Output);
        _json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out, "report.json")));
    }

    [ClassCleanup]
    public static void Dispose() => _json?.Dispose();

    [TestMethod]
    public void Report_AfterRealBatches_CountsWhatWasDoneOnce()
    {
        JsonElement total = _json.RootElement.GetProperty("total");

        AssertFigures(total, received: 3, digitized: 2, reused: 1, components: 1, componentsReused: 2, issued: 2, resultsDigitized: 2);
        Assert.AreEqual(66.7, total.GetProperty("rates").GetProperty("dossiersDigitized").GetDouble());
        Assert.AreEqual(100.0, total.GetProperty("rates").GetProperty("resultsDigitized").GetDouble());
        Assert.AreEqual(33.3, total.GetProperty("rates").GetProperty("dossiersReused").GetDouble());
        AssertFigures(Agency(District), received: 2, digitized: 1, reused: 0, components: 1, componentsReused: 0, issued: 1, resultsDigitized: 1);
        AssertFigures(Agency(Commune), received: 1, digitized: 1, reused: 1, components: 0, componentsReused: 2, issued: 1, resultsDigitized: 1);
        Assert.AreEqual(1, Agency(Commune).GetProperty("figures").GetProperty("componentsReusedByOpen").GetInt64(), "the officer's audited open for the commune's procedure");

        JsonElement quality = total.GetProperty("quality");
        Assert.AreEqual(3, quality.GetProperty("documentsDigitized").GetInt64());
        Assert.AreEqual(1, quality.GetProperty("rejected").GetInt64());
        Assert.AreEqual("file.missing", quality.GetProperty("rejectedByRule")[0].GetProperty("rule").GetString());
        Assert.AreEqual("B-B", quality.GetProperty("signatureLevels")[0].GetProperty("level").GetString());
        Assert.AreEqual(3, quality.GetProperty("signatureLevels")[0].GetProperty("count").GetInt64());
        Assert.AreEqual(0, quality.GetProperty("documentsWithoutPageFigures").GetInt64(), "every sidecar was read");
        Assert.AreEqual(quality.GetProperty("scannedPages").GetInt64(), quality.GetProperty("pdfPages").GetInt64() + quality.GetProperty("blankPages").GetInt64());
    }

    [TestMethod]
    public void Report_Terminal_PrintsAShortTableAndTheFilesWritten()
    {
        StringAssert.Contains(_report.StandardOutput, "Tổng cộng");
        StringAssert.Contains(_report.StandardOutput, "UBND xã Tân Bình");
        StringAssert.Contains(_report.StandardOutput, "66,7");
        foreach (string file in new[] { "report.html", "report.json", "report.csv" })
        {
            StringAssert.Contains(_report.StandardOutput, Path.Combine(_out, file));
        }
    }

    [TestMethod]
    public void Report_OneLevelToStandardOutput_IsThatLevelsJson()
    {
        ToolRun run = _cli.Run("report", "--store", _store, "--level", "commune", "--to", "2026-11-30", "--json");

        Assert.AreEqual(0, run.ExitCode, run.Output);
        using JsonDocument report = SohoaCli.Json(run);
        JsonElement total = report.RootElement.GetProperty("total");
        AssertFigures(total, received: 1, digitized: 1, reused: 1, components: 0, componentsReused: 2, issued: 1, resultsDigitized: 1);
        Assert.AreEqual(100.0, total.GetProperty("targets").GetProperty("resultsDigitized").GetDouble(), "Decision 468: communes at 100% in 2026");
        StringAssert.Contains(run.StandardError, "Cấp xã", "the table goes to standard error when the JSON takes standard output");
    }

    [TestMethod]
    public void Report_Csv_HasTheTotalsOfTheJson()
    {
        string[] rows = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_out, "report.csv"))).TrimStart('\uFEFF').Split("\r\n");
        string[] header = rows[0].Split(',');
        string[] total = rows.Single(r => r.StartsWith("total,", StringComparison.Ordinal)).Split(',');

        Assert.AreEqual("3", total[Array.IndexOf(header, "dossiersReceived")]);
        Assert.AreEqual("66.7", total[Array.IndexOf(header, "rateDossiersDigitized")]);
    }

    [TestMethod]
    public void Html_InChromium_ShowsTheJsonsNumbers()
    {
        string dom = Chromium.DumpDom(Path.Combine(_out, "report.html"));

        StringAssert.Contains(dom, "<title>Báo cáo số hóa hồ sơ, kết quả giải quyết thủ tục hành chính — toàn bộ</title>");
        int cells = 0;
        foreach (Match row in Row().Matches(dom))
        {
            JsonElement? line = LineOf(row.Groups["scope"].Value, row.Groups["key"].Value);
            if (line is null)
            {
                continue;
            }

            foreach (Match cell in Cell().Matches(row.Groups["cells"].Value))
            {
                string field = cell.Groups["field"].Value;
                string shown = cell.Groups["text"].Value;
                JsonElement value = line.Value.GetProperty(field.Split('.')[0]) is { ValueKind: JsonValueKind.Object } group ? group.GetProperty(field.Split('.')[1]) : default;
                string expected = value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;
                Assert.AreEqual(expected, cell.Groups["value"].Value, $"{row.Groups["scope"].Value} {row.Groups["key"].Value} {field}");
                Assert.AreEqual(expected.Length == 0 ? "—" : Vietnamese(value.GetDouble(), field.StartsWith("figures.", StringComparison.Ordinal) || field.StartsWith("quality.", StringComparison.Ordinal)), shown, $"{row.Groups["key"].Value} {field} as shown");
                cells++;
            }
        }

        Assert.IsTrue(cells > 100, $"only {cells} numbers were checked");
    }

    [TestMethod]
    public void Html_InChromium_HasAccessibleChartsAndTables()
    {
        string dom = Chromium.DumpDom(Path.Combine(_out, "report.html"));

        MatchCollection charts = Regex.Matches(dom, "<svg[^>]*role=\"img\"[^>]*>.*?</svg>", RegexOptions.Singleline);
        Assert.AreEqual(2, charts.Count, "the agency chart and the monthly trend");
        foreach (Match chart in charts)
        {
            Match labelledBy = Regex.Match(chart.Value, "aria-labelledby=\"(?<title>[^ \"]+) (?<desc>[^\"]+)\"");
            Assert.IsTrue(labelledBy.Success);
            StringAssert.Contains(chart.Value, $"<title id=\"{labelledBy.Groups["title"].Value}\">Biểu đồ");
            StringAssert.Contains(chart.Value, $"<desc id=\"{labelledBy.Groups["desc"].Value}\">Biểu đồ");
            Assert.IsTrue(Regex.Count(chart.Value, "<text") > 5 && Regex.Count(chart.Value, "<(?:rect|path)") > 5, "axes, labels and marks are drawn");
        }

        StringAssert.Contains(charts[0].Value, "UBND xã Tân Bình");
        Assert.IsTrue(Regex.Count(dom, "<th scope=\"col\">") > 40);
        Assert.IsTrue(Regex.Count(dom, "<th scope=\"row\">") > 10);
        Assert.IsTrue(Regex.Count(dom, "<caption>") >= 6);
        Assert.IsFalse(Regex.IsMatch(dom, "(?:src|href)=\"(?:https?:|//)"), "nothing is fetched");
    }

    [TestMethod]
    public void Html_InChromium_ScreenshotShowsThePageAndItsCharts()
    {
        string png = Path.Combine(_out, "report.png");
        Chromium.Screenshot(Path.Combine(_out, "report.html"), png, 1200, 2400);

        ToolRun colors = ExternalTool.Succeed("convert", png, "-format", "%k", "info:");
        Assert.IsTrue(int.Parse(colors.StandardOutput.Trim(), CultureInfo.InvariantCulture) > 200, $"a blank page has a few colours, this one {colors.StandardOutput}");
        ToolRun histogram = ExternalTool.Succeed("convert", png, "-format", "%c", "histogram:info:-");
        long ChartPixels(string hex) => histogram.StandardOutput.Split('\n').Where(l => l.Contains(hex, StringComparison.OrdinalIgnoreCase))
            .Sum(l => long.Parse(l.Trim().Split(':')[0], CultureInfo.InvariantCulture));
        Assert.IsTrue(ChartPixels("#1F77B4") > 500, "the blue bars and line of results digitized are painted");
        Assert.IsTrue(ChartPixels("#2CA02C") > 500, "the green bars and line of dossiers digitized are painted");
    }

    private static JsonElement? LineOf(string scope, string key) => scope switch
    {
        "total" => _json.RootElement.GetProperty("total"),
        "level" => Find("byLevel", key),
        "agency" => Find("byAgency", key),
        "procedure" => Find("byProcedure", key),
        "month" => Find("byMonth", key),
        _ => null,
    };

    private static JsonElement Find(string list, string key) =>
        _json.RootElement.GetProperty(list).EnumerateArray().Single(l => l.GetProperty("key").GetString() == key);

    private static JsonElement Agency(string code) => Find("byAgency", code);

    private static string Vietnamese(double value, bool count) =>
        value.ToString(count ? "#,##0" : "0.0", new NumberFormatInfo { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NumberGroupSizes = [3] });

    private static void AssertFigures(JsonElement line, long received, long digitized, long reused, long components, long componentsReused, long issued, long resultsDigitized)
    {
        JsonElement f = line.GetProperty("figures");
        Assert.AreEqual(
            (received, digitized, reused, components, componentsReused, issued, resultsDigitized),
            (f.GetProperty("dossiersReceived").GetInt64(), f.GetProperty("dossiersDigitized").GetInt64(), f.GetProperty("dossiersReused").GetInt64(),
                f.GetProperty("componentsDigitized").GetInt64(), f.GetProperty("componentsReused").GetInt64(), f.GetProperty("resultsIssued").GetInt64(),
                f.GetProperty("resultsDigitized").GetInt64()),
            line.GetProperty("key").GetString());
    }

    private static string Batch(string batchId, string agencyCode, string agencyName, string level, string dossiers, params (string Target, string Sample)[] files)
    {
        string batch = TestEnvironment.NewDirectory(batchId.ToLowerInvariant());
        foreach ((string target, string sample) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(batch, target))!);
            File.Copy(Path.Combine(RepositoryPaths.SampleBatch, sample), Path.Combine(batch, target));
        }

        File.WriteAllText(Path.Combine(batch, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "{{batchId}}",
              "agency": { "code": "{{agencyCode}}", "name": "{{agencyName}}", "level": "{{level}}" }, "dossiers": [ {{dossiers}} ] }
            """);
        return batch;
    }

    private static JsonDocument Process(string batch)
    {
        ToolRun run = _cli.Run(["process", batch, "--store", _store, "--json", "--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate], Passwords);
        Assert.IsTrue(run.ExitCode is 0 or 1, run.Output);
        return SohoaCli.Json(run);
    }

    [GeneratedRegex("<tr data-scope=\"(?<scope>[a-z]+)\" data-key=\"(?<key>[^\"]*)\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<td class=\"n[^\"]*\" data-field=\"(?<field>[a-zA-Z.]+)\" data-value=\"(?<value>[^\"]*)\">(?<text>[^<]*)</td>")]
    private static partial Regex Cell();
}
