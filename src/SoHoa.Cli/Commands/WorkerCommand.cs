using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoHoa.Worker;
using SoHoa.Worker.Inbox;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa worker --inbox &lt;dir&gt;</c>: take batches as they arrive and digitize them, as a Generic Host service.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var inbox = new Option<DirectoryInfo>("--inbox") { Description = "The inbox folder: batches renamed into <dir>/inbox/ are taken, processed, and moved to done/ (with result.json) or failed/.", Required = true };
        var exitWhenIdle = new Option<bool>("--exit-when-idle") { Description = "Stop when no batch is waiting (for scripts and tests)." };
        var maxDeliveries = new Option<int>("--max-deliveries") { Description = "How many times a batch may be taken without finishing before it is set aside in failed/ (default 5).", DefaultValueFactory = _ => 5 };
        var grace = new Option<int>("--stop-grace") { Description = "Seconds the batch in hand may run on after a stop request (SIGTERM, Ctrl+C) before it is let go to be taken again (default 30).", DefaultValueFactory = _ => 30 };
        var pipeline = new PipelineCommandOptions();
        var command = new Command("worker", "Run as a service: take complete batches from an inbox folder one at a time (several workers may share it), digitize, sign and store them, crash-safe: a batch a stopped or killed worker held is taken again, skipping documents already stored.")
        {
            inbox, exitWhenIdle, maxDeliveries, grace,
        };
        pipeline.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using PipelineSetup? setup = pipeline.Parse(parse, http);
            if (setup is null)
            {
                return ExitCodes.Usage;
            }

            try
            {
                InboxBatchSource source = InboxBatchSource.Open(parse.GetValue(inbox)!.FullName);
                HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
                builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .SetMinimumLevel(setup.Verbose ? LogLevel.Information : LogLevel.Warning)
                    .AddFilter("SoHoa.Worker", LogLevel.Information)
                    .AddFilter("Microsoft.Hosting", LogLevel.Warning);
                setup.AddServices(builder.Services);
                builder.Services.AddSingleton<SoHoa.Reporting.IReportLedger>(sp => SoHoa.Reporting.ReportLedgers.ForStore(sp.GetRequiredService<SoHoa.Storage.IDocumentStore>())
                    ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "This store keeps no report ledger: the worker would store batches the report could not count."));
                builder.Services.AddSoHoaWorker(source, o =>
                {
                    o.SignatureLevel = setup.LevelName;
                    o.ExitWhenIdle = parse.GetValue(exitWhenIdle);
                    o.MaxDeliveries = parse.GetValue(maxDeliveries);
                    o.StopGracePeriod = TimeSpan.FromSeconds(parse.GetValue(grace));
                });
                using IHost host = builder.Build();
                await host.RunAsync(cancellationToken);
                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
