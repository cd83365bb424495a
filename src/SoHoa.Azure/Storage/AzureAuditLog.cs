using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// The Azure store's audit log: one append blob a day (<c>audit/yyyy/MM/dd.log</c>, one JSON line per entry; a day that
/// outgrows the 50,000 blocks an append blob holds goes on in <c>dd.1.log</c>, <c>dd.2.log</c>, …) in the store's
/// container, chained with <see cref="AuditChain"/> under the audit key across days, and a head blob
/// (<c>audit/head.json</c>: the last entry's sequence and hash, the current day blob and its length).
/// <para>
/// Any number of writers, on any number of machines, append without a lock. A writer appends at the position the head
/// records, with an append-position condition (<c>If-Append-Position-Equal</c>), so exactly one line lands at each
/// position and the chain cannot fork; the loser reads what landed, catches up and tries again. The head is then moved
/// with an ETag condition (<c>If-Match</c>). A writer that stops between its append and the head update leaves one line
/// beyond the head, which the next writer finds, checks against the key, and takes into the head. A day (or a full
/// part) is closed by sealing its blob (conditional on its ETag, so not while a line is landing) before the head moves to the next day's blob,
/// so a writer that still holds the old head cannot append to a closed day. Entries go in the head's day blob, which is
/// never before their own day: <see cref="ReadAsync"/> reads only the day blobs from the first day asked to the day
/// after the last.
/// </para>
/// <para>
/// What it protects against, and what not, is the same as the folder store's: without the audit key nobody can write an
/// entry that checks out, so an edited, reordered or removed entry, a removed day blob or a cut-off end is found by
/// <see cref="VerifyAsync"/>. Whoever can write the container can remove the head and the log together, or rewind the
/// head to an earlier entry; keep the container under an immutability policy with protected appends (README).
/// </para>
/// </summary>
public sealed class AzureAuditLog : IAuditLog
{
    /// <summary>Where the audit log's blobs are in the container; nothing else is written there.</summary>
    public const string Prefix = "audit/";

    /// <summary>The head blob.</summary>
    public const string HeadName = Prefix + "head.json";

    /// <summary>An append blob holds at most 50,000 blocks (one an entry): a day with more goes on in a next part.</summary>
    internal const int AppendBlobBlockLimit = 50_000;

    private const int MaxAttempts = 200;
    private readonly AzureAuditBlobs _blobs;
    private readonly HmacKey _key;
    private readonly Func<CancellationToken, Task> _ready;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _appending = new(1, 1);
    private readonly int _entriesPerBlob;

    // The head as this writer last saw it; only a hint (conditions catch a stale one). Guarded by _appending.
    private AuditHeadState? _head;

    internal AzureAuditLog(BlobContainerClient container, HmacKey key, Func<CancellationToken, Task> ready, ILogger logger, int entriesPerBlob = AppendBlobBlockLimit)
    {
        _entriesPerBlob = entriesPerBlob;
        _blobs = new AzureAuditBlobs(container);
        _key = key;
        _ready = ready;
        _logger = logger;
    }

    /// <summary>The blob name of a day's log (UTC day): <c>audit/yyyy/MM/dd.log</c>, and <c>dd.N.log</c> for its N-th further part when a day outgrows one append blob.</summary>
    public static string DayBlobName(DateOnly day, int part = 0) =>
        Prefix + day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + (part == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $".{part}")) + ".log";

    /// <inheritdoc/>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        AuditChain.CheckFields(entry);
        await _ready(cancellationToken).ConfigureAwait(false);
        await _appending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateOnly entryDay = DayOf(entry.At);
            int contention = 0;
            for (int attempt = 0; attempt < MaxAttempts; attempt++)
            {
                AuditHeadState state = _head ?? await ReadOrStartHeadAsync(entryDay, cancellationToken).ConfigureAwait(false);
                _head = null;
                AuditHead head = state.Head;
                if (entryDay > head.Day || head.Entries >= _entriesPerBlob)
                {
                    await TurnAsync(state, entryDay > head.Day ? new AuditBlobPart(entryDay, 0) : head.Blob.Next, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                long sequence = head.Sequence + 1;
                string hash = AuditChain.Hash(_key, head.Hash, sequence, entry);
                var record = new AuditRecord(sequence, entry, head.Hash, hash);
                byte[] line = AzureAuditLines.Serialize(record);
                try
                {
                    using var content = new MemoryStream(line, writable: false);
                    await _blobs.AppendBlob(head.Blob).AppendBlockAsync(content,
                        new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = head.Length } }, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 412 || (ex.Status == 409 && ex.ErrorCode?.Contains("Seal", StringComparison.OrdinalIgnoreCase) == true))
                {
                    // Another writer's line landed there first, or the day was closed; or our own line landed and the answer
                    // was lost (the SDK's retry then met the moved position): catching up finds out which.
                    IReadOnlyList<AuditRecord> landed = await CatchUpAsync(state, entryDay, cancellationToken).ConfigureAwait(false);
                    if (landed.Any(r => r.Sequence == sequence && r.Hash == hash))
                    {
                        return record;
                    }

                    AzureLog.AuditContention(_logger, ++contention);
                    await Task.Delay(Backoff(contention), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == "BlockCountExceedsLimit")
                {
                    // Full (another deployment's writers may count differently): go on in the next part.
                    await TurnAsync(state, head.Blob.Next, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    throw Broken($"the day blob '{head.Blob.Name}' the head points at is missing");
                }

                _head = await MoveHeadAsync(state, head with { Sequence = sequence, Hash = hash, Length = head.Length + line.Length, Entries = head.Entries + 1 }, cancellationToken)
                    .ConfigureAwait(false);
                return record;
            }

            throw new SoHoaException(SoHoaErrorCode.Storage, $"The audit log could not be appended to: other writers got there first {MaxAttempts} times in a row.", isTransient: true);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, "The audit log could not be written");
        }
        finally
        {
            _appending.Release();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _ready(cancellationToken).ConfigureAwait(false);

        // An entry lands in a day blob of its own day or a later one (the head's day never goes back), a later one only
        // when writers' clocks differ: so from the first day asked to the day after the last.
        DateOnly? first = from is { } f ? DayOf(f) : null;
        DateOnly? last = to is { } t ? DayOf(t).AddDays(1) : null;
        foreach (AuditBlobPart blob in await _blobs.DayBlobsAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((first is { } a && blob.Day < a) || (last is { } b && blob.Day > b))
            {
                continue;
            }

            string name = blob.Name;
            foreach ((int lineNumber, AuditRecord? record) in await _blobs.ReadLinesAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (record is null)
                {
                    throw new SoHoaException(SoHoaErrorCode.Storage, $"Line {lineNumber} of the audit log's '{name}' is not an entry: run 'sohoa audit verify'.");
                }

                if ((from is null || record.Entry.At >= from) && (to is null || record.Entry.At <= to))
                {
                    yield return record;
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task<AuditCheck> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await _ready(cancellationToken).ConfigureAwait(false);
        try
        {
            AuditHead? head = (await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false))?.Head;
            var verification = new AzureAuditVerification(_key, head);
            foreach (string name in (await _blobs.DayBlobsAsync(cancellationToken).ConfigureAwait(false)).Select(b => b.Name))
            {
                foreach ((int lineNumber, AuditRecord? record) in await _blobs.ReadLinesAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    if (verification.Check(name, lineNumber, record) is { } broken)
                    {
                        return broken;
                    }
                }
            }

            return verification.Finish();
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, "The audit log could not be read");
        }
    }

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static TimeSpan Backoff(int contention) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 + (4 * Math.Min(contention, 25))));

    /// <summary>The error of a log that cannot be appended to until it is restored.</summary>
    internal static SoHoaException Broken(string what) =>
        new(SoHoaErrorCode.Storage, $"The audit log cannot be appended to: {what}. Run 'sohoa audit verify' and restore the log from backup.");

    /// <summary>The head; when there is none yet, a new chain starting in <paramref name="day"/>'s blob.</summary>
    private async Task<AuditHeadState> ReadOrStartHeadAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        // No head yet. A log that already has entries without one had its head removed: never start a second chain over it.
        if (await _blobs.AnyDayBlobWithEntriesAsync(cancellationToken).ConfigureAwait(false))
        {
            // Or another writer started the chain and appended since we looked.
            return await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw Broken($"it holds entries but its head blob '{HeadName}' is missing");
        }

        var head = new AuditHead(0, AuditChain.Genesis, new AuditBlobPart(day, 0), 0, 0);
        await _blobs.AppendBlob(head.Blob).CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _blobs.WriteHeadAsync(head, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false) ?? throw Broken($"its head blob '{HeadName}' came and went");
        }
    }

    /// <summary>Moves the head from <paramref name="state"/> to <paramref name="head"/> if nobody moved it since; the head as it now is, or null when unknown.</summary>
    private async Task<AuditHeadState?> MoveHeadAsync(AuditHeadState state, AuditHead head, CancellationToken cancellationToken)
    {
        try
        {
            return await _blobs.WriteHeadAsync(head, new BlobRequestConditions { IfMatch = state.ETag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Another writer moved it: it took our line in when it caught up (heads only move forward), or moved further.
            return null;
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            // The line is in the log: a head left behind is caught up by the next writer, so this append stands.
            return null;
        }
    }

    /// <summary>
    /// Reads what landed in the head's day blob beyond the head, checks that it chains on from it under the key, and moves
    /// the head over it. With nothing beyond it and the day closed, opens the next day. Returns the entries found.
    /// </summary>
    private async Task<IReadOnlyList<AuditRecord>> CatchUpAsync(AuditHeadState state, DateOnly entryDay, CancellationToken cancellationToken)
    {
        AuditHead head = state.Head;
        AppendBlobClient blob = _blobs.AppendBlob(head.Blob);
        byte[] beyond;
        bool sealedDay;
        try
        {
            Response<BlobDownloadResult> download = await blob.DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(head.Length) }, cancellationToken).ConfigureAwait(false);
            beyond = download.Value.Content.ToArray();
            sealedDay = download.Value.Details.IsSealed;
        }
        catch (RequestFailedException ex) when (ex.Status == 416)
        {
            BlobProperties properties = await AzureAuditBlobs.PropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
            if (properties.ContentLength < head.Length)
            {
                throw Broken($"the day blob '{blob.Name}' is shorter than the head records: entries were removed");
            }

            (beyond, sealedDay) = ([], properties.IsSealed);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw Broken($"the day blob '{blob.Name}' the head points at is missing");
        }

        var landed = new List<AuditRecord>();
        string previous = head.Hash;
        foreach ((int lineNumber, AuditRecord? record) in AzureAuditLines.Parse(beyond))
        {
            if (record is null || record.Sequence != head.Sequence + landed.Count + 1 || record.PreviousHash != previous
                || AuditChain.Hash(_key, previous, record.Sequence, record.Entry) != record.Hash)
            {
                throw Broken($"what follows the head in '{blob.Name}' (line {lineNumber} after it) does not chain on from it");
            }

            landed.Add(record);
            previous = record.Hash;
        }

        if (landed.Count > 0)
        {
            AuditRecord last = landed[^1];
            AuditHead caughtUp = head with { Sequence = last.Sequence, Hash = last.Hash, Length = head.Length + beyond.Length, Entries = head.Entries + landed.Count };
            if (await MoveHeadAsync(state, caughtUp, cancellationToken).ConfigureAwait(false) is not null)
            {
                AzureLog.AuditCaughtUp(_logger, last.Sequence);
            }
        }
        else if (sealedDay)
        {
            // A writer closed the blob: unless it has moved the head on meanwhile, it stopped before doing so; finish it, as it
            // meant to: the next part of a full blob, else the next day (or the entry's, when that is later).
            if (await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false) is { } current && current.ETag == state.ETag)
            {
                AuditBlobPart next = head.Entries >= _entriesPerBlob ? head.Blob.Next
                    : new AuditBlobPart(entryDay > head.Day ? entryDay : head.Day.AddDays(1), 0);
                await OpenNextAsync(state, next, cancellationToken).ConfigureAwait(false);
            }
        }

        return landed;
    }

    /// <summary>Closes the head's blob (sealed, only if nothing landed beyond the head) and moves the head to <paramref name="next"/>.</summary>
    private async Task TurnAsync(AuditHeadState state, AuditBlobPart next, CancellationToken cancellationToken)
    {
        AuditHead head = state.Head;
        AppendBlobClient blob = _blobs.AppendBlob(head.Blob);
        BlobProperties properties = await AzureAuditBlobs.PropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
        if (properties.ContentLength != head.Length)
        {
            await CatchUpAsync(state, next.Day, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!properties.IsSealed)
        {
            try
            {
                await blob.SealAsync(new AppendBlobRequestConditions { IfMatch = properties.ETag }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // A line landed since we looked: the next attempt catches up with it.
                return;
            }
        }

        await OpenNextAsync(state, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task OpenNextAsync(AuditHeadState state, AuditBlobPart blob, CancellationToken cancellationToken)
    {
        AppendBlobClient next = _blobs.AppendBlob(blob);
        await next.CreateIfNotExistsAsync(new AppendBlobCreateOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" } }, cancellationToken).ConfigureAwait(false);
        if ((await AzureAuditBlobs.PropertiesAsync(next, cancellationToken).ConfigureAwait(false)).ContentLength > 0
            && await _blobs.ReadHeadAsync(cancellationToken).ConfigureAwait(false) is { } current && current.ETag == state.ETag)
        {
            throw Broken($"the day blob '{next.Name}' already holds entries the head does not know of");
        }

        if (await MoveHeadAsync(state, state.Head with { Blob = blob, Length = 0, Entries = 0 }, cancellationToken).ConfigureAwait(false) is not null)
        {
            AzureLog.AuditDayTurned(_logger, state.Head.Blob.Name, next.Name);
        }
    }


}
