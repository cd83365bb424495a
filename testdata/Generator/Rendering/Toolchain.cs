using SoHoa.TestData.Generator.Degradation;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Rendering;

/// <summary>The external programs and fonts the generator needs, checked once before any work starts.</summary>
internal sealed class Toolchain
{
    private const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private static readonly string[] Fonts = ["DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSans.ttf"];

    /// <summary>
    /// Clean pages are kept in ImageMagick's own format between steps: it keeps the density and is written
    /// and read several times faster than a compressed PNG.
    /// </summary>
    public const string MasterExtension = ".miff";

    private readonly PageRasterizer _rasterizer;

    private Toolchain(ImageMagick magick)
    {
        Magick = magick;
        _rasterizer = new PageRasterizer(ExternalTool.RsvgConvert, magick);
    }

    public ImageMagick Magick { get; }

    /// <summary>Checks every prerequisite and reports all that are missing in one message.</summary>
    public static Toolchain Create()
    {
        var problems = new List<string>();
        foreach (var tool in new[] { ExternalTool.RsvgConvert, ExternalTool.ImageMagick })
        {
            try
            {
                tool.EnsureInstalled();
            }
            catch (ToolException e)
            {
                problems.Add(e.Message);
            }
        }

        var missingFonts = Fonts.Where(font => !File.Exists(Path.Combine(FontDirectory, font))).ToList();
        if (missingFonts.Count > 0)
        {
            problems.Add($"Fonts {string.Join(", ", missingFonts)} were not found in {FontDirectory}. Install them with: apt-get install fonts-dejavu-core");
        }

        return problems.Count == 0
            ? new Toolchain(new ImageMagick(ExternalTool.ImageMagick))
            : throw new ToolException(string.Join(System.Environment.NewLine, problems));
    }

    /// <summary>Renders the clean 300 DPI page, or a blank sheet when <paramref name="page"/> is null.</summary>
    public Task RenderPageAsync(PageLayout? page, string masterPath, int seed, CancellationToken cancellationToken) =>
        page is null
            ? BlankPage.RenderAsync(Magick, masterPath, seed, cancellationToken)
            : _rasterizer.RenderAsync(page, masterPath, cancellationToken);

    /// <summary>Runs <paramref name="work"/> for every item, as many at a time as there are cores.</summary>
    public static Task ForEachInParallelAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items,
            new ParallelOptions { MaxDegreeOfParallelism = System.Environment.ProcessorCount, CancellationToken = cancellationToken },
            work);
}
