using System.Diagnostics;
using System.Globalization;
using SoHoa.Imaging;
using static SoHoa.Benchmarks.CommandLine;

namespace SoHoa.Benchmarks.Imaging;

/// <summary>
/// <c>cleanup --corpus DIR</c>: decodes and cleans every page of a generated corpus on one thread, without OCR, and
/// prints per variant the milliseconds a page and what cleanup decided (quarter turns, skew, blank), so that a change
/// to cleanup can be timed apart from Tesseract and checked for a wrong decision on all pages in about a minute.
/// </summary>
internal static class CleanupSweep
{
    /// <summary>The clockwise turn each variant needs to be upright, as the corpus generator turns its pages.</summary>
    private static readonly Dictionary<string, int> ExpectedRotation = new(StringComparer.Ordinal)
    {
        ["rot90"] = 270,
        ["rot180"] = 180,
        ["rot270"] = 90,
    };

    public static int Run(string[] args)
    {
        string? corpus = Option(args, "--corpus");
        if (corpus is null || !File.Exists(Path.Combine(corpus, "corpus.json")))
        {
            Console.Error.WriteLine("usage: SoHoa.Benchmarks cleanup --corpus DIR [--pages N] [--repeat N]");
            return 2;
        }

        int perVariant = int.Parse(Option(args, "--pages") ?? "1000", CultureInfo.InvariantCulture);
        int repeat = Math.Max(1, int.Parse(Option(args, "--repeat") ?? "1", CultureInfo.InvariantCulture));
        var decoder = new PageDecoder(new ImagingOptions());
        Console.WriteLine("| variant | pages | ms a page | turned as expected | turned wrongly | skew found (min…max) | blank |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|");
        double totalMs = 0;
        int totalPages = 0;
        int totalWrong = 0;
        foreach (string directory in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            string variant = Path.GetFileName(directory);
            if (variant == "truth")
            {
                continue;
            }

            string[] files = [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal).Take(perVariant)];
            byte[][] contents = [.. files.Select(File.ReadAllBytes)];
            int expected = ExpectedRotation.GetValueOrDefault(variant);
            int right = 0, wrong = 0, blank = 0;
            double minSkew = double.MaxValue, maxSkew = double.MinValue;
            var clock = new Stopwatch();
            for (int round = 0; round < repeat; round++)
            {
                for (int i = 0; i < contents.Length; i++)
                {
                    clock.Start();
                    IReadOnlyList<CleanPage> pages = decoder.Decode(contents[i], files[i]);
                    clock.Stop();
                    foreach (CleanPage page in pages)
                    {
                        if (round == 0)
                        {
                            if (page.Cleanup.RotationDegrees == expected)
                            {
                                right++;
                            }
                            else
                            {
                                wrong++;
                                Console.Error.WriteLine($"{files[i]}: turned {page.Cleanup.RotationDegrees}°, expected {expected}°");
                            }

                            blank += page.IsBlank ? 1 : 0;
                            minSkew = Math.Min(minSkew, page.Cleanup.SkewDegrees);
                            maxSkew = Math.Max(maxSkew, page.Cleanup.SkewDegrees);
                        }

                        page.Dispose();
                    }
                }
            }

            double ms = clock.Elapsed.TotalMilliseconds / (contents.Length * repeat);
            totalMs += clock.Elapsed.TotalMilliseconds / repeat;
            totalPages += contents.Length;
            totalWrong += wrong;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {variant} | {contents.Length} | {ms:0.0} | {right} | {wrong} | {minSkew:0.00}…{maxSkew:0.00} | {blank} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **all** | {totalPages} | {totalMs / totalPages:0.0} | | {totalWrong} | | |"));
        return totalWrong == 0 ? 0 : 1;
    }
}
