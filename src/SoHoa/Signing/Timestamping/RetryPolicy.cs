namespace SoHoa.Signing.Timestamping;

/// <summary>
/// A small retry loop for the network calls of signing (TSA, OCSP, CRL): a fixed number of attempts with a growing
/// delay. Waits go through the <see cref="TimeProvider"/>, so tests need not sleep.
/// </summary>
/// <param name="Attempts">How many times to try in all (at least 1).</param>
/// <param name="FirstDelay">The wait before the second attempt; doubled for each later one.</param>
/// <param name="TimeProvider">The clock used for waits.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan FirstDelay, TimeProvider? TimeProvider = null)
{
    /// <summary>Three attempts, waiting 0.5 s then 1 s.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromMilliseconds(500));

    /// <summary>Runs <paramref name="operation"/>, retrying on <see cref="HttpRequestException"/> and on timeouts (not on the caller's cancellation).</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        TimeSpan delay = FirstDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < Math.Max(1, Attempts) && !cancellationToken.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or RetryableResponseException)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, TimeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                delay *= 2;
            }
        }
    }
}

/// <summary>A reply that says "try again later" (such as a TSA's status "waiting" or an HTTP 503).</summary>
internal sealed class RetryableResponseException(string message) : Exception(message);
