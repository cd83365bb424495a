using System.Globalization;
using SoHoa.TestData.Generator.Content;
using SoHoa.TestData.Generator.Degradation;
using SoHoa.TestData.Generator.Layout;
using SoHoa.TestData.Generator.Output;
using SoHoa.TestData.Generator.Rendering;
using SoHoa.TestData.Generator.Sample;

namespace SoHoa.TestData.Generator.Commands;

/// <summary>
/// <c>sample --out DIR [--seed S]</c>: writes the sample batch (batch.json and page files) and its ground truth
/// under DIR/truth, mirroring the page paths.
/// </summary>
internal sealed class SampleCommand
{
    private const string TruthFolder = "truth";

    private readonly Toolchain _tools;
    private readonly string _outDir;
    private readonly string _workDir;

    private SampleCommand(Toolchain tools, string outDir, string workDir)
    {
        _tools = tools;
        _outDir = outDir;
        _workDir = workDir;
    }

    /// <summary>A document's pages, where they go, and how they are encoded.</summary>
    private sealed record DocumentOutput(
        SampleDocument Plan,
        string Folder,
        string Stem,
        IReadOnlyList<PageLayout?> Pages,
        IReadOnlyList<string> Masters,
        IReadOnlyList<PageLocation> Locations);

    public static async Task<int> RunAsync(string outDir, ulong seed, CancellationToken cancellationToken)
    {
        var tools = Toolchain.Create();
        string root = OutputDirectory.Prepare(outDir, "batch.json");
        var workDir = Directory.CreateTempSubdirectory("sohoa-sample-");
        try
        {
            var command = new SampleCommand(tools, root, workDir.FullName);
            await command.WriteAsync(SampleBatches.Create(seed), seed, cancellationToken);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }

        return 0;
    }

    private async Task WriteAsync(SampleBatch batch, ulong seed, CancellationToken cancellationToken)
    {
        var outputs = Plan(batch);
        var masterJobs = outputs.SelectMany(output => output.Pages.Zip(output.Masters)).ToList();
        await Toolchain.ForEachInParallelAsync(masterJobs.Select((job, index) => (job.First, job.Second, index)),
            (job, token) => new ValueTask(_tools.RenderPageAsync(job.First, job.Second,
                SeededRandom.For(seed, "blank", job.index).NextSeed(), token)),
            cancellationToken);
        await Toolchain.ForEachInParallelAsync(outputs, (output, token) => new ValueTask(EncodeAsync(output, token)), cancellationToken);

        foreach (var output in outputs)
        {
            for (int i = 0; i < output.Pages.Count; i++)
            {
                await GroundTruth.WritePageAsync(Path.Combine(_outDir, output.Locations[i].Truth), output.Pages[i], cancellationToken);
            }

            await GroundTruth.WriteFieldsAsync(Path.Combine(_outDir, TruthFolder, output.Folder, output.Stem + ".fields.json"),
                output.Plan.Document, output.Plan.Role, output.Locations, cancellationToken);
        }

        await JsonFiles.WriteAsync(Path.Combine(_outDir, "batch.json"), Manifest(batch, outputs), cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {batch.Dossiers.Count} dossiers, {outputs.Count} documents, {outputs.Sum(o => o.Pages.Count)} pages to {_outDir}"));
    }

    /// <summary>Decides every file name: dossier folders 0001, 0002…; document stems 01, 02…; page suffixes -1, -2… when a format holds one page per file.</summary>
    private List<DocumentOutput> Plan(SampleBatch batch)
    {
        var outputs = new List<DocumentOutput>();
        for (int d = 0; d < batch.Dossiers.Count; d++)
        {
            string folder = (d + 1).ToString("0000", CultureInfo.InvariantCulture);
            var documents = batch.Dossiers[d].Documents;
            for (int k = 0; k < documents.Count; k++)
            {
                var plan = documents[k];
                string stem = (k + 1).ToString("00", CultureInfo.InvariantCulture);
                var pages = Paginator.Paginate(plan.Document.Blocks).Cast<PageLayout?>().ToList();
                if (plan.BlankBackSide)
                {
                    pages.Add(null);
                }

                var masters = pages.Select((_, p) => Path.Combine(_workDir, $"{folder}-{stem}-{p + 1}{Toolchain.MasterExtension}")).ToList();
                var locations = pages.Select((page, p) => new PageLocation(
                    FileFor(plan.Format, folder, stem, p + 1, pages.Count),
                    plan.Format == FileFormat.Tiff ? p + 1 : 1,
                    $"{TruthFolder}/{folder}/{stem}.p{p + 1}.gt.txt",
                    page is null)).ToList();
                outputs.Add(new DocumentOutput(plan, folder, stem, pages, masters, locations));
            }
        }

        return outputs;
    }

    private static string FileFor(FileFormat format, string folder, string stem, int page, int pageCount)
    {
        string extension = format switch
        {
            FileFormat.Png => ".png",
            FileFormat.Jpeg => ".jpg",
            FileFormat.Tiff => ".tif",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        bool onePerFile = format != FileFormat.Tiff && pageCount > 1;
        return onePerFile ? $"{folder}/{stem}-{page}{extension}" : $"{folder}/{stem}{extension}";
    }

    private async Task EncodeAsync(DocumentOutput output, CancellationToken cancellationToken)
    {
        var plan = output.Plan;
        var skew = plan.SkewDegrees == 0
            ? []
            : Variants.Skew(plan.SkewDegrees).Operations(new VariantInput(PageRasterizer.WidthPx, PageRasterizer.HeightPx, 0));
        if (plan.Format == FileFormat.Tiff)
        {
            string file = Path.Combine(_outDir, output.Locations[0].File);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await _tools.Magick.ConvertAsync(output.Masters, [.. skew, "-threshold", "50%", "-type", "bilevel", "-compress", "Group4"], file, cancellationToken);
            return;
        }

        IReadOnlyList<string> encoding = plan.Format == FileFormat.Jpeg ? ["-quality", "80"] : ["-ordered-dither", "threshold,4"];
        for (int i = 0; i < output.Masters.Count; i++)
        {
            string file = Path.Combine(_outDir, output.Locations[i].File);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await _tools.Magick.ConvertAsync(output.Masters[i], [.. skew, .. encoding], file, cancellationToken);
        }
    }

    private static BatchManifest Manifest(SampleBatch batch, List<DocumentOutput> outputs)
    {
        var byPlan = outputs.ToDictionary(output => output.Plan);
        return new BatchManifest(BatchManifest.SchemaName, batch.BatchId,
            new ManifestAgency(batch.Agency.Code, batch.Agency.Name, batch.Agency.Level),
            [.. batch.Dossiers.Select(dossier => new ManifestDossier(
                dossier.DossierCode,
                dossier.Procedure.Code,
                new ManifestApplicant(dossier.Applicant.PersonalId, dossier.Applicant.FullName),
                [.. dossier.Documents.Select(plan => new ManifestDocument(
                    plan.Document.Kind.Slug(),
                    plan.Role,
                    [.. byPlan[plan].Locations.Select(location => location.File).Distinct(StringComparer.Ordinal)],
                    plan.Document.DocumentNumber,
                    plan.Document.IssuedOn,
                    plan.Document.ValidUntil))]))]);
    }
}
