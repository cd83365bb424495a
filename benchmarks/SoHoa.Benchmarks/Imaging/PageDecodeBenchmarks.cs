using BenchmarkDotNet.Attributes;
using SoHoa.Imaging;

namespace SoHoa.Benchmarks.Imaging;

/// <summary>
/// Decoding and cleanup of one corpus page (set SOHOA_BENCH_PAGE to a PNG or JPEG of the generated corpus):
/// the baseline decodes only, the others add the cleanup steps one by one.
/// </summary>
public class PageDecodeBenchmarks
{
    private byte[] _page = [];
    private PageDecoder _decodeOnly = null!;
    private PageDecoder _binarize = null!;
    private PageDecoder _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        string path = Environment.GetEnvironmentVariable("SOHOA_BENCH_PAGE")
            ?? throw new InvalidOperationException("Set SOHOA_BENCH_PAGE to a page image of the generated corpus (testdata/Generator corpus).");
        _page = File.ReadAllBytes(path);
        _decodeOnly = new PageDecoder(new ImagingOptions { DetectOrientation = false, Deskew = false, Despeckle = false, DetectBlankPages = false });
        _binarize = new PageDecoder(new ImagingOptions { DetectOrientation = false, Deskew = false });
        _full = new PageDecoder(new ImagingOptions());
    }

    [Benchmark(Baseline = true, Description = "decode + Sauvola")]
    public int DecodeOnly() => Run(_decodeOnly);

    [Benchmark(Description = "+ despeckle + blank check")]
    public int Binarize() => Run(_binarize);

    [Benchmark(Description = "+ orientation + deskew (all cleanup)")]
    public int Full() => Run(_full);

    private int Run(PageDecoder decoder)
    {
        int width = 0;
        foreach (CleanPage page in decoder.Decode(_page, "bench"))
        {
            width += page.Width;
            page.Dispose();
        }

        return width;
    }
}
