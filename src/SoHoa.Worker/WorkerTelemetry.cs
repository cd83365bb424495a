using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SoHoa.Diagnostics;

namespace SoHoa.Worker;

/// <summary>
/// Exports the library's traces and metrics (the <c>SoHoa</c> ActivitySource and Meter) and the worker's own, through
/// OpenTelemetry, configured by the standard variables: <c>OTEL_TRACES_EXPORTER</c> and <c>OTEL_METRICS_EXPORTER</c>
/// (<c>otlp</c>, <c>console</c>, both comma-separated, or <c>none</c>), <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>.
/// </summary>
/// <remarks>
/// The specification's default exporter is OTLP; here nothing is exported unless an exporter or an OTLP endpoint is
/// named, so a worker on a desk machine does not send to a collector that is not there.
/// </remarks>
public static class WorkerTelemetry
{
    /// <summary>The worker's own meter: batches by outcome, and how long a batch waited before a worker took it.</summary>
    internal static Meter Meter { get; } = new("SoHoa.Worker");

    /// <summary>Batches by outcome: done, failed (set aside), released (let go to be taken again).</summary>
    internal static Counter<long> Batches { get; } = Meter.CreateCounter<long>("sohoa.worker.batches", "{batch}", "Batches the worker finished, set aside or let go, by outcome.");

    /// <summary>Queue lag: from the batch's arrival in its source to a worker taking it.</summary>
    internal static Histogram<double> QueueLag { get; } = Meter.CreateHistogram<double>("sohoa.worker.queue_lag", "s", "Time from a batch's arrival in its source to a worker taking it.");

    /// <summary>Adds the OpenTelemetry exporters the environment asks for; none when it asks for none.</summary>
    public static IServiceCollection AddSoHoaWorkerTelemetry(this IServiceCollection services, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        environment ??= Environment.GetEnvironmentVariable;
        bool otlpEndpoint = environment("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 };
        IReadOnlySet<string> traces = Exporters(environment("OTEL_TRACES_EXPORTER"), otlpEndpoint);
        IReadOnlySet<string> metrics = Exporters(environment("OTEL_METRICS_EXPORTER"), otlpEndpoint);
        if (traces.Count == 0 && metrics.Count == 0)
        {
            return services;
        }

        OpenTelemetry.OpenTelemetryBuilder builder = services.AddOpenTelemetry().ConfigureResource(r => r.AddService("sohoa-worker"));
        if (traces.Count > 0)
        {
            builder.WithTracing(t =>
            {
                t.AddSource(Telemetry.Name);
                if (traces.Contains("otlp"))
                {
                    t.AddOtlpExporter();
                }

                if (traces.Contains("console"))
                {
                    t.AddConsoleExporter();
                }
            });
        }

        if (metrics.Count > 0)
        {
            builder.WithMetrics(m =>
            {
                m.AddMeter(Telemetry.Name, Meter.Name);
                if (metrics.Contains("otlp"))
                {
                    m.AddOtlpExporter();
                }

                if (metrics.Contains("console"))
                {
                    m.AddConsoleExporter();
                }
            });
        }

        return services;
    }

    /// <summary>The exporters an <c>OTEL_*_EXPORTER</c> value names; OTLP alone when it is unset and an OTLP endpoint is.</summary>
    private static HashSet<string> Exporters(string? value, bool otlpEndpoint)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return otlpEndpoint ? ["otlp"] : [];
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        names.IntersectWith(["otlp", "console"]);
        return names;
    }
}
