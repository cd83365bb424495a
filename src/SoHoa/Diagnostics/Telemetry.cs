using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SoHoa.Diagnostics;

/// <summary>SoHoa's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>SoHoa</c>.</summary>
public static class Telemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "SoHoa";

    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString(3);

    /// <summary>Traces batches and documents.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    internal static Meter Meter { get; } = new(Name, Version);

    /// <summary>Documents processed, tagged with their outcome.</summary>
    internal static Counter<long> Documents { get; } = Meter.CreateCounter<long>("sohoa.documents", "{document}", "Documents processed, by outcome.");

    /// <summary>Pages recognized.</summary>
    internal static Counter<long> Pages { get; } = Meter.CreateCounter<long>("sohoa.pages", "{page}", "Pages recognized.");

    /// <summary>Time a document spends in one stage of the pipeline, tagged with the stage (read, keep-pdf, ocr, compose, sign, store, reuse).</summary>
    internal static Histogram<double> StageDuration { get; } = Meter.CreateHistogram<double>("sohoa.stage.duration", "s", "Time a document spends in one stage of the pipeline.");

    /// <summary>Time to digitize, sign and store one document.</summary>
    internal static Histogram<double> DocumentDuration { get; } = Meter.CreateHistogram<double>("sohoa.document.duration", "s", "Time to digitize, sign and store one document.");
}
