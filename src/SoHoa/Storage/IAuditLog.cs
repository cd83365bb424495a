namespace SoHoa.Storage;

/// <summary>
/// One entry of the audit log: who read what, for which procedure and dossier, when, and with what outcome. It holds the
/// citizen's index key (an HMAC), never the personal ID.
/// </summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who (an officer or a system).</param>
/// <param name="Action">What was done: <c>find</c>, <c>open</c> or <c>reuse</c>.</param>
/// <param name="PersonKey">The index key of the citizen concerned, if any.</param>
/// <param name="ProcedureCode">The procedure the read served, if any.</param>
/// <param name="DossierCode">The dossier the read served, if any.</param>
/// <param name="DocumentId">The document read, if one.</param>
/// <param name="Outcome">What came of it, such as <c>opened</c> or <c>refused: hash mismatch</c>.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? PersonKey, string? ProcedureCode, string? DossierCode, string? DocumentId, string Outcome);

/// <summary>An entry as the log holds it: its place in the chain, the previous entry's hash, and its own.</summary>
/// <param name="Sequence">Its place, from 1.</param>
/// <param name="Entry">The entry.</param>
/// <param name="PreviousHash">The hash of the entry before it (64 zeros for the first).</param>
/// <param name="Hash">HMAC-SHA256 under the audit key of the previous hash, the sequence and the entry's fields.</param>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, string PreviousHash, string Hash);

/// <summary>What checking the audit chain found.</summary>
/// <param name="Intact">True when every entry is linked to the one before it, its hash is right, and the chain reaches the head kept apart from it.</param>
/// <param name="Entries">How many entries were read.</param>
/// <param name="BrokenAt">The sequence of the first entry that does not check out, if any.</param>
/// <param name="Message">What was found, in words.</param>
public sealed record AuditCheck(bool Intact, long Entries, long? BrokenAt, string Message);

/// <summary>
/// An append-only log whose entries form a chain keyed with a secret that the log's storage does not hold, with the
/// chain's head kept apart from it: editing, reordering or removing an entry, or cutting the end off, is detected by
/// <see cref="VerifyAsync"/>. Appends are safe with many writers.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> at the end of the chain.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The entries made from <paramref name="from"/> up to <paramref name="to"/> (either may be null), oldest first.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole chain and checks every link, and that it reaches the head kept apart.</summary>
    Task<AuditCheck> VerifyAsync(CancellationToken cancellationToken = default);
}
