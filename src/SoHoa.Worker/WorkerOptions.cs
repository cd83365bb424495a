using Microsoft.Extensions.Options;
using SoHoa.Signing;

namespace SoHoa.Worker;

/// <summary>How a worker takes and runs batches. Validated when the worker starts; every problem is reported at once.</summary>
public sealed class WorkerOptions
{
    /// <summary>How long to wait before looking again when no batch is waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Stop when no batch is waiting (for scripts and tests) instead of waiting for more.</summary>
    public bool ExitWhenIdle { get; set; }

    /// <summary>
    /// How many batches the worker may hold at once. The next batch is taken only when the ones held have started all
    /// their documents and a document slot is free: its first documents then run beside the last ones of the batch
    /// before, instead of a core waiting for those, while the pipeline still bounds the documents in flight. 1: one batch
    /// at a time. Default 2.
    /// </summary>
    public int BatchesAtOnce { get; set; } = 2;

    /// <summary>How many times a batch may be taken without being finished before it is set aside as failed (it may be what kills the worker).</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>On a stop request, how long the batch in hand may run on before it is let go, to be taken again later.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times documents that failed for a transient reason (the store, the TSA, an OCSP responder or a token
    /// away) are tried again while the worker holds their batch, before the batch is finished with them failed. The
    /// documents already stored are skipped. Zero: never.
    /// </summary>
    public int TransientRetries { get; set; } = 4;

    /// <summary>The wait before the first of those retries; each later one waits twice as long, with jitter.</summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The PAdES level the pipeline signs at, which the digitization report records; null: not known.</summary>
    public PadesLevel? SignatureLevel { get; set; }

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(PollInterval)} must be positive.");
        }

        if (BatchesAtOnce is < 1 or > 16)
        {
            problems.Add($"{nameof(BatchesAtOnce)} must be from 1 to 16.");
        }

        if (MaxDeliveries < 1)
        {
            problems.Add($"{nameof(MaxDeliveries)} must be at least 1.");
        }

        if (TransientRetries < 0)
        {
            problems.Add($"{nameof(TransientRetries)} must not be negative.");
        }

        if (TransientRetryDelay < TimeSpan.Zero)
        {
            problems.Add($"{nameof(TransientRetryDelay)} must not be negative.");
        }

        if (StopGracePeriod < TimeSpan.Zero)
        {
            problems.Add($"{nameof(StopGracePeriod)} must not be negative.");
        }

        return problems;
    }
}

/// <summary>Reports every problem of <see cref="WorkerOptions.Validate"/> when the host starts.</summary>
internal sealed class WorkerOptionsValidation : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
