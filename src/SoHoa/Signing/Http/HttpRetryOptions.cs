namespace SoHoa.Signing.Http;

/// <summary>
/// How the network calls of signing and verification (TSA, OCSP, CRL) retry a transient failure: a number of attempts
/// with an exponential, jittered delay between them. Waits go through <see cref="TimeProvider"/>, so tests need not sleep.
/// </summary>
public sealed record HttpRetryOptions
{
    /// <summary>Three attempts, waiting about 0.5 s then 1 s.</summary>
    public static HttpRetryOptions Default { get; } = new();

    /// <summary>How many times to try in all (at least 1: 1 means no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The typical wait before the second attempt (zero or more); about doubled for each later one.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock the waits use; null: the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
