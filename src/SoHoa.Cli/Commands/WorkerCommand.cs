using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoHoa.Azure.Queue;
using SoHoa.Pipeline;
using SoHoa.Worker;
using SoHoa.Worker.Inbox;

namespace SoHoa.Cli.Commands;

/// <summary>
/// <c>sohoa worker --inbox &lt;dir&gt;</c> or <c>sohoa worker --queue &lt;name&gt; --store &lt;connection string&gt;</c>: take
/// batches as they arrive and digitize them, as a Generic Host service.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var inbox = new Option<DirectoryInfo?>("--inbox") { Description = "The inbox folder: batches renamed into <dir>/inbox/ are taken, processed, and moved to done/ (with result.json) or failed/." };
        var queue = SubmitCommand.QueueOption();
        var visibility = new Option<int>("--visibility-timeout")
        {
            Description = "With --queue: seconds a taken batch stays invisible to other workers; renewed every third of it while the batch is held, so it bounds how long the batch of a worker that died waits, not how long a batch may run (default 300).",
            DefaultValueFactory = _ => 300,
        };
        var exitWhenIdle = new Option<bool>("--exit-when-idle") { Description = "Stop when no batch is waiting (for scripts and tests)." };
        var maxDeliveries = new Option<int>("--max-deliveries") { Description = "How many times a batch may be taken without finishing before it is set aside as failed (default 5).", DefaultValueFactory = _ => 5 };
        var grace = new Option<int>("--stop-grace") { Description = "Seconds the batch in hand may run on after a stop request (SIGTERM, Ctrl+C) before it is let go to be taken again (default 30).", DefaultValueFactory = _ => 30 };
        var retries = new Option<int>("--transient-retries")
        {
            Description = "How many times documents that failed because the store, the TSA, an OCSP responder or a token was away are tried again while the batch is held (default 4; 0: never).",
            DefaultValueFactory = _ => 4,
        };
        var retryDelay = new Option<double>("--retry-delay") { Description = "Seconds before the first of those retries; each later one waits twice as long (default 5).", DefaultValueFactory = _ => 5 };
        var batchesAtOnce = new Option<int>("--batches-at-once")
        {
            Description = "How many batches the worker may hold at once: the next one is taken as the last documents of the one before run, so that no core waits for them (default 2; 1: one batch at a time).",
            DefaultValueFactory = _ => 2,
        };
        var pipeline = new PipelineCommandOptions();
        var command = new Command("worker",
            "Run as a service: take complete batches as they come from an inbox folder (--inbox) or an Azure Storage queue (--queue, with an Azure --store; see submit), " +
            "digitize, sign and store them, crash-safe: a batch a stopped or killed worker held is taken again, skipping documents already stored. Any number of workers may share the inbox or the queue.")
        {
            inbox, queue, visibility, exitWhenIdle, maxDeliveries, grace, retries, retryDelay, batchesAtOnce,
        };
        pipeline.AddTo(command);
        command.Validators.Add(result =>
        {
            bool hasInbox = result.GetValue(inbox) is not null;
            bool hasQueue = result.GetValue(queue) is not null;
            if (hasInbox == hasQueue)
            {
                result.AddError($"Give exactly one of --inbox <dir> and --queue <name>{(hasInbox ? ", not both" : string.Empty)}.");
            }
            else if (hasQueue && !CliStore.IsConnectionString(CliStore.LocationOf(result.GetValue(pipeline.Store.Store))))
            {
                result.AddError("--queue needs --store <Azure Storage connection string> (or SOHOA_STORE): the queue and the store are in that account.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using PipelineSetup? setup = pipeline.Parse(parse, http);
            if (setup is null)
            {
                return ExitCodes.Usage;
            }

            if (parse.GetValue(visibility) is < 1 or > 7 * 24 * 3600)
            {
                Console.Error.WriteLine("error: --visibility-timeout must be from 1 to 604800 seconds (7 days).");
                return ExitCodes.Usage;
            }

            InboxBatchSource? inboxSource = null;
            ILoggerFactory? queueLogging = null;
            try
            {
                HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
                builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .SetMinimumLevel(setup.Verbose ? LogLevel.Information : LogLevel.Warning)
                    .AddFilter("SoHoa.Worker", LogLevel.Information)
                    .AddFilter("Microsoft.Hosting", LogLevel.Warning);
                IBatchSource source;
                if (parse.GetValue(queue) is { } queueName)
                {
                    // Made before the host (AddSoHoaWorker takes the source itself), so it logs through a factory of its own, to the same console.
                    queueLogging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                        .SetMinimumLevel(LogLevel.Information));
                    source = AzureQueueBatchSource.Open(pipeline.Store.AzureOptions(parse), new AzureQueueOptions
                    {
                        QueueName = queueName,
                        VisibilityTimeout = TimeSpan.FromSeconds(parse.GetValue(visibility)),
                    }, queueLogging);
                }
                else
                {
                    source = inboxSource = InboxBatchSource.Open(parse.GetValue(inbox)!.FullName);
                }

                setup.AddServices(builder.Services);
                builder.Services.AddSingleton<SoHoa.Reporting.IReportLedger>(sp => SoHoa.Reporting.ReportLedgers.ForStore(sp.GetRequiredService<SoHoa.Storage.IDocumentStore>())
                    ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "This store keeps no report ledger: the worker would store batches the report could not count."));
                builder.Services.AddSoHoaWorker(source, o =>
                {
                    o.SignatureLevel = setup.Level;
                    o.ExitWhenIdle = parse.GetValue(exitWhenIdle);
                    o.MaxDeliveries = parse.GetValue(maxDeliveries);
                    o.StopGracePeriod = TimeSpan.FromSeconds(parse.GetValue(grace));
                    o.TransientRetries = parse.GetValue(retries);
                    o.TransientRetryDelay = TimeSpan.FromSeconds(parse.GetValue(retryDelay));
                    o.BatchesAtOnce = parse.GetValue(batchesAtOnce);
                });
                builder.Services.AddSoHoaWorkerTelemetry();
                using IHost host = builder.Build();

                // Checked in the order the host's start used to meet them, so that the exit codes stay as documented: the
                // worker's options (exit 2), then the pipeline's, as a SoHoaException with its code (a missing model: 3).
                _ = host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value;
                _ = host.Services.GetRequiredService<DigitizationPipeline>();
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
            finally
            {
                inboxSource?.Dispose();
                queueLogging?.Dispose();
            }
        });
        return command;
    }
}
