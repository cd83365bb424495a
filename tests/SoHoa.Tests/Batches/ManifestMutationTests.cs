using System.Text;
using SoHoa.Batches;
using SoHoa.Tests.Pdf.Syntax;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Batches;

/// <summary>
/// Seeded mutations of a valid manifest (<see cref="PdfMutations"/>: bit flips, bytes set, cuts, numbers replaced,
/// syntax inserted), and of its values with hostile text: loading the batch always returns a plan, every problem named
/// by field, and never throws. Case i is the same on every machine.
/// </summary>
[TestClass]
public sealed class ManifestMutationTests
{
    private const uint Stream = 41;

    private static readonly string[] HostileValues =
    [
        "\\u0000", "\\ud800", "\\udc00x", "\\u202e", "\\u0007", "\\n", "\\\\..\\\\..", "../../etc/passwd", "/etc/passwd", "\\ufeff",
        "\\uffff", "e\\u0301", new string('A', 5000), "0001/01.png\\u0000.png", "9999-99-99", "0001-01-01", "2026-02-29", "-1",
    ];

    [TestMethod]
    public async Task LoadAsync_MutatedManifests_NeverThrow()
    {
        using var batch = new TempDirectory();
        batch.Write("0001/01.png", TestImages.GrayPng(20, 20));
        batch.Write("0002/01.png", TestImages.GrayPng(20, 20));
        byte[] source = Encoding.UTF8.GetBytes(ValidManifest);
        var failures = new List<string>();
        for (int i = 0; i < 1500; i++)
        {
            (byte[] input, string description) = PdfMutations.Case(source, Stream, i);
            await LoadAsync(batch, input, $"case {i} [{description}]", failures);
        }

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
    }

    [TestMethod]
    public async Task LoadAsync_EveryStringValueReplacedWithHostileText_NeverThrowsAndNamesTheField()
    {
        using var batch = new TempDirectory();
        batch.Write("0001/01.png", TestImages.GrayPng(20, 20));
        batch.Write("0002/01.png", TestImages.GrayPng(20, 20));
        string[] values = ["PH-20261122-001", "000.00.01.H12", "UBND huyện Phụng Hiệp", "district", "000.00.01.H12-261122-0001", "1.001612",
            "093090001234", "Nguyễn Văn An", "birth-certificate", "input", "0001/01.png", "123/2020", "2020-12-23"];
        var failures = new List<string>();
        foreach (string value in values)
        {
            foreach (string hostile in HostileValues)
            {
                string manifest = ValidManifest.Replace("\"" + value + "\"", "\"" + hostile + "\"", StringComparison.Ordinal);
                Assert.AreNotEqual(ValidManifest, manifest, value);
                BatchPlan? plan = await LoadAsync(batch, Encoding.UTF8.GetBytes(manifest), $"{value} → {hostile}", failures);
                if (plan is not null && plan.Jobs.Count == 2 && plan.Rejected.Count == 0 && hostile is "\\u0000" or "\\ud800" or "\\u202e")
                {
                    failures.Add($"{value} → {hostile}: accepted");
                }

                if (plan is not null && plan.Rejected.SelectMany(r => r.Problems).Any(p => string.IsNullOrEmpty(p.Message) || string.IsNullOrEmpty(p.Rule)))
                {
                    failures.Add($"{value} → {hostile}: a problem without a rule or message");
                }
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(10)));
    }

    private static async Task<BatchPlan?> LoadAsync(TempDirectory batch, byte[] manifest, string label, List<string> failures)
    {
        batch.Write("batch.json", manifest);
        try
        {
            return await BatchLoader.LoadAsync(batch.Path);
        }
        catch (Exception ex)
        {
            failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            return null;
        }
    }

    private const string ValidManifest = """
        { "schema": "sohoa.batch/v1",
          "batchId": "PH-20261122-001",
          "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
          "dossiers": [
            { "dossierCode": "000.00.01.H12-261122-0001", "procedureCode": "1.001612",
              "applicant": { "personalId": "093090001234", "fullName": "Nguyễn Văn An", "dateOfBirth": null },
              "documents": [ { "kind": "birth-certificate", "role": "input", "files": ["0001/01.png"],
                               "documentNumber": "123/2020", "issuedOn": "2020-12-23", "validUntil": null } ] },
            { "dossierCode": "000.00.01.H12-261122-0002", "procedureCode": "2.002154",
              "applicant": { "personalId": "001305123456" },
              "documents": [ { "kind": "decision", "role": "result", "files": ["0002/01.png"] },
                             { "kind": "birth-certificate", "role": "input", "reuse": { "kind": "birth-certificate" } } ] } ] }
        """;
}
