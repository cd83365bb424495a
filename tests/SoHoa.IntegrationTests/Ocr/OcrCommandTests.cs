using System.Text;
using System.Text.Json;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Ocr;

[TestClass]
public sealed class OcrCommandTests
{
    [TestMethod]
    public void Ocr_MultiPageTiffAndJpeg_WritesNfcTextAndWordBoxesPerFile()
    {
        string output = TestEnvironment.NewDirectory("ocr");
        string tiff = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.tif", SearchOption.AllDirectories).First();
        string jpeg = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.jpg", SearchOption.AllDirectories).First();

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("h")).Run("ocr", tiff, jpeg, "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        string tiffText = File.ReadAllText(Path.Combine(output, Path.GetFileNameWithoutExtension(tiff) + ".txt"));
        Assert.IsTrue(tiffText.IsNormalized(NormalizationForm.FormC), "text is NFC");
        Assert.AreEqual(2, tiffText.Split('\f').Length, "the TIFF's two pages, in order, separated by a form feed");
        StringAssert.Contains(tiffText, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, Path.GetFileNameWithoutExtension(jpeg) + ".json")));
        JsonElement page = json.RootElement.GetProperty("pages")[0];
        Assert.AreEqual("sohoa.ocr/v1", json.RootElement.GetProperty("schema").GetString());
        JsonElement word = page.GetProperty("lines")[0].GetProperty("words")[0];
        int[] box = word.GetProperty("box").EnumerateArray().Select(b => b.GetInt32()).ToArray();
        Assert.AreEqual(4, box.Length);
        Assert.IsTrue(box[2] > box[0] && box[3] > box[1], "boxes are left, top, right, bottom");
        Assert.IsTrue(word.GetProperty("confidence").GetDouble() is > 0 and <= 100);
        Assert.IsTrue(page.GetProperty("meanConfidence").GetDouble() > 70, "a clean sample page is read confidently");
    }

    /// <summary>Issue 12: the sample's skewed JPEG birth certificate (Nguyễn Văn An), read whole, with evidence, from the CLI.</summary>
    [TestMethod]
    public void Ocr_WithKind_WritesTheFieldsWithTheirEvidence()
    {
        string output = TestEnvironment.NewDirectory("ocrfields");
        string jpeg = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.jpg", SearchOption.AllDirectories).First();

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("h")).Run("ocr", jpeg, "--kind", "birth-certificate", "--out", output);

        Assert.AreEqual(0, run.ExitCode, run.Output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, Path.GetFileNameWithoutExtension(jpeg) + ".json")));
        JsonElement fields = json.RootElement.GetProperty("fields");
        Assert.AreEqual("birth-certificate", json.RootElement.GetProperty("kind").GetString());
        Assert.AreEqual("093090001234", fields.GetProperty("personalId").GetProperty("value").GetString());
        Assert.AreEqual("Nguyễn Văn An", fields.GetProperty("fullName").GetProperty("value").GetString());
        Assert.AreEqual("1990-03-15", fields.GetProperty("dateOfBirth").GetProperty("value").GetString());
        Assert.AreEqual("123", fields.GetProperty("documentNumber").GetProperty("value").GetString());
        Assert.AreEqual("2020-12-23", fields.GetProperty("issuedOn").GetProperty("value").GetString());
        Assert.IsFalse(fields.TryGetProperty("dossierCode", out _), "a birth certificate has no dossier code: absent, not empty");

        // The evidence is the words' own boxes: the ID's box is a word box of the page it names.
        JsonElement id = fields.GetProperty("personalId");
        int[] box = id.GetProperty("boxes")[0].EnumerateArray().Select(b => b.GetInt32()).ToArray();
        JsonElement page = json.RootElement.GetProperty("pages")[id.GetProperty("page").GetInt32() - 1];
        Assert.IsTrue(page.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("words").EnumerateArray())
            .Any(w => w.GetProperty("box").EnumerateArray().Select(b => b.GetInt32()).SequenceEqual(box)), "the field's box is the word's box");
    }

    [TestMethod]
    public void Ocr_OneBadImageAmongGoodOnes_ReportsItAndWritesTheOthers()
    {
        string output = TestEnvironment.NewDirectory("ocrbad");
        string bad = Path.Combine(TestEnvironment.NewDirectory("badimg"), "broken.png");
        File.WriteAllBytes(bad, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        string good = Directory.GetFiles(RepositoryPaths.SampleBatch, "*.jpg", SearchOption.AllDirectories).First();

        ToolRun run = new SohoaCli(TestEnvironment.NewDirectory("h")).Run("ocr", bad, good, "--out", output);

        Assert.AreEqual(1, run.ExitCode, run.Output);
        StringAssert.Contains(run.StandardError, "broken.png");
        Assert.IsTrue(File.Exists(Path.Combine(output, Path.GetFileNameWithoutExtension(good) + ".txt")));
        Assert.IsFalse(File.Exists(Path.Combine(output, "broken.txt")));
    }
}
