using Azure;

namespace SoHoa.Azure.Reporting;

/// <summary>How the ledger's optimistic writes are bounded and retried: transaction size, attempts, backoff, and what a lost race is.</summary>
internal static class AzureLedgerRetries
{
    /// <summary>At most this many rows of one partition go in one entity group transaction.</summary>
    public const int TransactionLimit = 100;

    /// <summary>How many times a write that lost a race is tried.</summary>
    public const int MaxAttempts = 10;

    /// <summary>The error of a write that lost <see cref="MaxAttempts"/> races in a row.</summary>
    public static SoHoaException Contended(string what) =>
        new(SoHoaErrorCode.Storage, $"{what}: other writers changed the same rows {MaxAttempts} times in a row.", isTransient: true);

    /// <summary>A short random pause before trying again, so that writers that collided do not collide again at once.</summary>
    public static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), cancellationToken);

    /// <summary>Whether a write failed because another writer added or changed the row first.</summary>
    public static bool IsLostRace(RequestFailedException exception) => exception.Status is 409 or 412;
}
