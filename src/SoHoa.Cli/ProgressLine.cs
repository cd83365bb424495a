using System.Globalization;
using SoHoa.Pipeline;
using Spectre.Console;

namespace SoHoa.Cli;

/// <summary>
/// How far <c>process</c> has come, on standard error: a live line with a bar (Spectre.Console) when standard error is a
/// terminal, a plain line per finished document when it is not (a log file, a pipe, a CI job), so that a long batch
/// is never silent. Standard output keeps only the result.
/// </summary>
internal static class ProgressLine
{
    /// <summary>Runs <paramref name="work"/> with a progress reporter suited to where standard error goes.</summary>
    public static async Task<BatchResult> RunAsync(Func<IProgress<BatchProgress>, Task<BatchResult>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new PlainLines(Console.Error)).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("reading the batch", maxValue: 1);
                BatchResult result = await work(new LiveLine(task)).ConfigureAwait(false);
                task.StopTask();
                return result;
            }).ConfigureAwait(false);
    }

    private static string Describe(BatchProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"{progress.BatchId}: {progress.Finished}/{progress.Documents} documents, {progress.Pages} pages") +
        (progress.Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {progress.Failed} failed") : string.Empty);

    private sealed class LiveLine(ProgressTask task) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            task.MaxValue = Math.Max(1, value.Documents);
            task.Value = value.Finished;
            task.Description = Markup.Escape(Describe(value));
        }
    }

    private sealed class PlainLines(TextWriter output) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            if (value.Last is { } document)
            {
                output.WriteLine($"{Describe(value)} (last: {document.DossierCode} #{document.DocumentIndex} {document.Kind}, {System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(document.Status.ToString())})");
            }
        }
    }
}
