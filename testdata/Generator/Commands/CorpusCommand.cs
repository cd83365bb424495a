using System.Globalization;
using System.Text.Json.Nodes;
using SoHoa.TestData.Generator.Content;
using SoHoa.TestData.Generator.Content.Documents;
using SoHoa.TestData.Generator.Degradation;
using SoHoa.TestData.Generator.Layout;
using SoHoa.TestData.Generator.Output;
using SoHoa.TestData.Generator.Rendering;

namespace SoHoa.TestData.Generator.Commands;

/// <summary>
/// <c>corpus --pages N --out DIR [--variants a,b] [--seed S]</c>: N distinct pages of the four document kinds,
/// each in every variant (<c>DIR/VARIANT/PAGE.png|jpg</c>), with <c>DIR/truth/PAGE.gt.txt</c> and <c>DIR/corpus.json</c>.
/// </summary>
internal sealed class CorpusCommand
{
    public const string SchemaName = "sohoa.corpus/v1";

    /// <summary>Documents are dated as if scanned on this day, so that output does not depend on the clock.</summary>
    private static readonly DateOnly Today = new(2026, 11, 22);

    private sealed record CorpusPage(string Id, string DocumentId, ComposedDocument Document, int PageNumber, int PageCount, PageLayout Layout);

    public static async Task<int> RunAsync(int pageCount, string outDir, IReadOnlyList<Variant> variants, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageCount);
        var tools = Toolchain.Create();
        string root = OutputDirectory.Prepare(outDir, "corpus.json");
        var pages = Compose(pageCount, seed);
        var workDir = Directory.CreateTempSubdirectory("sohoa-corpus-");
        try
        {
            string Master(CorpusPage page) => Path.Combine(workDir.FullName, page.Id + Toolchain.MasterExtension);
            await Toolchain.ForEachInParallelAsync(pages,
                (page, token) => new ValueTask(tools.RenderPageAsync(page.Layout, Master(page), 0, token)), cancellationToken);

            foreach (var variant in variants)
            {
                Directory.CreateDirectory(Path.Combine(root, variant.Name));
            }

            var jobs = pages.Select((page, index) => (page, index)).SelectMany(p => variants.Select(variant => (p.page, p.index, variant)));
            await Toolchain.ForEachInParallelAsync(jobs, (job, token) =>
            {
                var input = new VariantInput(PageRasterizer.WidthPx, PageRasterizer.HeightPx,
                    SeededRandom.For(seed, job.variant.Name, job.index).NextSeed());
                return new ValueTask(tools.Magick.ConvertAsync(
                    Master(job.page), job.variant.Operations(input), Path.Combine(root, FileOf(job.page, job.variant)), token));
            }, cancellationToken);
        }
        finally
        {
            workDir.Delete(recursive: true);
        }

        await WriteTruthAsync(root, pages, variants, seed, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {pages.Count} pages x {variants.Count} variants to {root}"));
        return 0;
    }

    /// <summary>Invents documents, cycling through the kinds, until there are enough pages.</summary>
    private static List<CorpusPage> Compose(int pageCount, ulong seed)
    {
        var pages = new List<CorpusPage>(pageCount);
        for (int d = 0; pages.Count < pageCount; d++)
        {
            var kind = DocumentKinds.All[d % DocumentKinds.All.Count];
            var document = RandomDocuments.Create(kind, SeededRandom.For(seed, "document", d), Today);
            var layouts = Paginator.Paginate(document.Blocks);
            string documentId = $"d{(d + 1).ToString("0000", CultureInfo.InvariantCulture)}";
            foreach (var layout in layouts.Take(pageCount - pages.Count))
            {
                string id = $"p{(pages.Count + 1).ToString("0000", CultureInfo.InvariantCulture)}";
                pages.Add(new CorpusPage(id, documentId, document, layout.Number, layouts.Count, layout));
            }
        }

        return pages;
    }

    private static string FileOf(CorpusPage page, Variant variant) => $"{variant.Name}/{page.Id}{variant.Extension}";

    private static string TruthOf(CorpusPage page) => $"truth/{page.Id}.gt.txt";

    private static async Task WriteTruthAsync(string root, List<CorpusPage> pages, IReadOnlyList<Variant> variants, ulong seed, CancellationToken cancellationToken)
    {
        foreach (var page in pages)
        {
            await GroundTruth.WritePageAsync(Path.Combine(root, TruthOf(page)), page.Layout, cancellationToken);
        }

        foreach (var document in pages.GroupBy(page => page.DocumentId))
        {
            await GroundTruth.WriteFieldsAsync(Path.Combine(root, "truth", document.Key + ".fields.json"), document.First().Document, null,
                document.Select(page => new PageLocation(page.Id, 1, TruthOf(page), Blank: false)), cancellationToken);
        }

        var corpus = new JsonObject
        {
            ["schema"] = SchemaName,
            ["seed"] = seed,
            ["dpi"] = PageRasterizer.Dpi,
            ["variants"] = new JsonArray([.. variants.Select(variant => (JsonNode)new JsonObject
            {
                ["name"] = variant.Name,
                ["extension"] = variant.Extension,
                ["description"] = variant.Description,
            })]),
            ["pages"] = new JsonArray([.. pages.Select(page => (JsonNode)new JsonObject
            {
                ["id"] = page.Id,
                ["kind"] = page.Document.Kind.Slug(),
                ["document"] = page.DocumentId,
                ["page"] = page.PageNumber,
                ["pageCount"] = page.PageCount,
                ["truth"] = TruthOf(page),
                ["fields"] = $"truth/{page.DocumentId}.fields.json",
                ["files"] = new JsonObject(variants.Select(variant =>
                    KeyValuePair.Create(variant.Name, (JsonNode?)FileOf(page, variant)))),
            })]),
        };
        await JsonFiles.WriteAsync(Path.Combine(root, "corpus.json"), corpus, cancellationToken);
    }
}
