using BenchmarkDotNet.Running;
using SoHoa.Benchmarks.Ocr;

namespace SoHoa.Benchmarks;

internal static class Program
{
    /// <summary><c>ocr --corpus DIR</c> runs the side-by-side OCR comparison; anything else goes to BenchmarkDotNet.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ocr")
        {
            return await OcrComparison.RunAsync(args[1..]);
        }

        _ = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
