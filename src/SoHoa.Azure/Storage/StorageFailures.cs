using System.Net.Sockets;
using Azure;

namespace SoHoa.Azure.Storage;

/// <summary>
/// Turns what the Azure SDK throws into the library's <see cref="SoHoaException"/> with <see cref="SoHoaErrorCode.Storage"/>:
/// the service's status and error code in the message, and <see cref="SoHoaException.IsTransient"/> for what a later try
/// may get past (5xx, 408, 429, time-outs, unreachable service). The SDK has already retried by then (its retry policy is
/// configured from <see cref="AzureStoreOptions"/>); nothing here retries again. Messages name blobs and tables, which
/// never hold a personal ID, and never the connection string.
/// </summary>
internal static class StorageFailures
{
    /// <summary>True for what the SDK throws when the service fails or cannot be reached (not the caller's cancellation).</summary>
    public static bool IsFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The exception to throw for <paramref name="exception"/>, for the operation described by <paramref name="what"/>.</summary>
    public static SoHoaException Map(Exception exception, string what) => exception switch
    {
        RequestFailedException { Status: 0 } failed => Unreachable(what, failed),
        RequestFailedException failed => new SoHoaException(SoHoaErrorCode.Storage,
            $"{what}: the storage service answered {failed.Status} {failed.ErrorCode ?? "(no error code)"}.", IsTransient(failed.Status), failed),
        AggregateException retried => Unreachable(what, retried),
        OperationCanceledException or TimeoutException => new SoHoaException(SoHoaErrorCode.Storage,
            $"{what}: the storage service did not answer in time.", isTransient: true, exception),
        _ => Unreachable(what, exception),
    };

    /// <summary>True when the status is worth trying again later.</summary>
    public static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;

    /// <summary>True when the service refused a write because of a condition (If-None-Match, If-Match, append position).</summary>
    public static bool IsConditionFailed(RequestFailedException exception) => exception.Status == 412;

    private static SoHoaException Unreachable(string what, Exception exception)
    {
        // Only the network's own words (a socket's "Connection refused (127.0.0.1:10000)"), never a request or its headers.
        string? reason = Innermost(exception) is SocketException or HttpRequestException or IOException ? Innermost(exception).Message : null;
        return new SoHoaException(SoHoaErrorCode.Storage,
            $"{what}: the storage service could not be reached{(reason is null ? string.Empty : $" ({reason})")}, after the configured retries.", isTransient: true, exception);
    }

    private static Exception Innermost(Exception exception)
    {
        Exception current = exception;
        while ((current is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : current.InnerException) is { } next)
        {
            current = next;
        }

        return current;
    }
}
