using System.Net;
using Polly;
using Polly.Retry;

namespace SoHoa.Signing.Http;

/// <summary>
/// The one fetch-with-retry path of the signing HTTP clients (TSA, OCSP, CRL), on a Polly pipeline. A transient failure
/// (a network error, an HTTP timeout, a 5xx, 408 or 429 answer) is retried; the caller's cancellation is not, and reaches
/// the caller as an <see cref="OperationCanceledException"/> at once.
/// </summary>
internal sealed class HttpFetch
{
    private readonly ResiliencePipeline _pipeline;

    public HttpFetch(HttpRetryOptions? options)
    {
        options ??= HttpRetryOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstDelay, TimeSpan.Zero, nameof(options));
        _pipeline = options.MaxAttempts == 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = options.FirstDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
            })
            .Build();
    }

    /// <summary>Runs <paramref name="operation"/>, retrying its transient failures; the last failure is thrown as it was.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return await _pipeline.ExecuteAsync(
            static async (Func<CancellationToken, Task<T>> op, CancellationToken ct) => await op(ct).ConfigureAwait(false), operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when trying again may help: a network failure, a transient status, or a timeout that is not the caller's cancellation.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        TransientStatusException => true,
        HttpRequestException http => http.StatusCode is null || IsTransient(http.StatusCode.Value),
        OperationCanceledException => IsTimeout(exception, callerToken),
        _ => false,
    };

    /// <summary>True for an HTTP timeout (<see cref="HttpClient.Timeout"/>), false for the caller's cancellation.</summary>
    internal static bool IsTimeout(Exception exception, CancellationToken callerToken) =>
        exception is OperationCanceledException && !callerToken.IsCancellationRequested;

    /// <summary>5xx, 408 Request Timeout and 429 Too Many Requests: the server may answer later.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>Throws a <see cref="TransientStatusException"/> ("HTTP 503") when <paramref name="response"/> has a transient status.</summary>
    internal static void ThrowIfTransient(HttpResponseMessage response)
    {
        if (IsTransient(response.StatusCode))
        {
            throw new TransientStatusException($"HTTP {(int)response.StatusCode}");
        }
    }
}

/// <summary>A reply that says "try again later" (such as an HTTP 503).</summary>
internal sealed class TransientStatusException(string message) : Exception(message);
