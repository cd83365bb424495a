using SoHoa.TestData.Generator.Cli;
using SoHoa.TestData.Generator.Commands;
using SoHoa.TestData.Generator.Degradation;
using SoHoa.TestData.Generator.Rendering;
using SoHoa.TestData.Generator.Sample;

namespace SoHoa.TestData.Generator;

/// <summary>Entry point: parses the command line and maps failures to exit codes (1 tool or I/O failure, 2 usage).</summary>
internal static class Program
{
    private const string Usage = """
        Synthetic Vietnamese administrative scans with ground truth.

        Usage:
          sohoa-testdata sample --out DIR [--seed S]
              The sample batch: DIR/batch.json, page files, and ground truth under DIR/truth.
          sohoa-testdata corpus --pages N --out DIR [--variants a,b,c] [--seed S]
              N pages in every variant: DIR/VARIANT/PAGE.png|jpg, DIR/truth/PAGE.gt.txt, DIR/corpus.json.
          sohoa-testdata variants
              Lists the variants.
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            return await RunAsync(CommandLine.Parse(args), cancellation.Token);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{Environment.NewLine}{Usage}");
            return 2;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static Task<int> RunAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        switch (commandLine.Command)
        {
            case "sample":
            {
                string outDir = commandLine.Required("out");
                ulong seed = commandLine.OptionalSeed("seed", SampleBatches.DefaultSeed);
                commandLine.RejectUnknownOptions();
                return SampleCommand.RunAsync(outDir, seed, cancellationToken);
            }

            case "corpus":
            {
                int pages = commandLine.RequiredPositiveInt("pages");
                string outDir = commandLine.Required("out");
                var variants = Variants.Parse(commandLine.Optional("variants") ?? string.Join(',', Variants.Names));
                ulong seed = commandLine.OptionalSeed("seed", 1);
                commandLine.RejectUnknownOptions();
                return CorpusCommand.RunAsync(pages, outDir, variants, seed, cancellationToken);
            }

            case "variants":
                commandLine.RejectUnknownOptions();
                foreach (var variant in Variants.All)
                {
                    Console.WriteLine($"{variant.Name,-10} {variant.Extension,-5} {variant.Description}");
                }

                return Task.FromResult(0);

            default:
                throw new UsageException($"Unknown command '{commandLine.Command}'.");
        }
    }
}
