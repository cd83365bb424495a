using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SoHoa.Diagnostics;

/// <summary>SoHoa's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>SoHoa</c>.</summary>
public static class Telemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "SoHoa";

    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString(3);

    /// <summary>
    /// Traces batches (<c>sohoa.batch</c>), documents (<c>sohoa.document</c>), each step of a document
    /// (<c>sohoa.reuse</c>, <c>sohoa.read</c>, <c>sohoa.keep-pdf</c>, <c>sohoa.ocr</c>, <c>sohoa.compose</c>,
    /// <c>sohoa.sign</c>, <c>sohoa.store</c>) and, within them, each page's <c>sohoa.decode</c> (with its
    /// <c>sohoa.clean</c>) and <c>sohoa.recognize</c>, and each <c>sohoa.timestamp</c> asked of a TSA.
    /// </summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    internal static Meter Meter { get; } = new(Name, Version);

    /// <summary>Documents processed, tagged with their outcome.</summary>
    internal static Counter<long> Documents { get; } = Meter.CreateCounter<long>("sohoa.documents", "{document}", "Documents processed, by outcome.");

    /// <summary>Pages recognized.</summary>
    internal static Counter<long> Pages { get; } = Meter.CreateCounter<long>("sohoa.pages", "{page}", "Pages recognized.");

    /// <summary>Time a document spends in one stage of the pipeline, tagged with the stage (read, keep-pdf, ocr, compose, sign, store, reuse).</summary>
    internal static Histogram<double> StageDuration { get; } = Meter.CreateHistogram<double>("sohoa.stage.duration", "s", "Time a document spends in one stage of the pipeline.");

    /// <summary>Runs <paramref name="work"/> in a span named <paramref name="name"/>, marked as an error when it throws.</summary>
    internal static T InSpan<T>(string name, Func<T> work)
    {
        using Activity? activity = ActivitySource.StartActivity(name);
        try
        {
            return work();
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    /// <summary>Awaits <paramref name="work"/> in a span named <paramref name="name"/>, marked as an error when it throws.</summary>
    internal static async Task<T> InSpanAsync<T>(string name, Func<Task<T>> work)
    {
        using Activity? activity = ActivitySource.StartActivity(name);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    /// <summary>Marks <paramref name="activity"/> as failed by <paramref name="exception"/>; false, so that an exception filter lets it go on up.</summary>
    private static bool Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }

    /// <summary>Time to digitize, sign and store one document.</summary>
    internal static Histogram<double> DocumentDuration { get; } = Meter.CreateHistogram<double>("sohoa.document.duration", "s", "Time to digitize, sign and store one document.");
}
