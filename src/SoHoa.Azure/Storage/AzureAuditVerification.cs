using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// Checks the audit chain as its lines are read, in order, under the audit key: each entry follows the one before and
/// hashes right, and the last one is the one the head recorded.
/// </summary>
internal sealed class AzureAuditVerification(HmacKey key, AuditHead? head)
{
    private string previous = AuditChain.Genesis;
    private long expected = 1;
    private string? hashAtHead;

    /// <summary>Takes in one line of day blob <paramref name="name"/>; the failed check when it breaks the chain, else null.</summary>
    public AuditCheck? Check(string name, int lineNumber, AuditRecord? record)
    {
        if (record is null)
        {
            return new AuditCheck(false, expected - 1, expected, $"Line {lineNumber} of '{name}' is not an audit entry: the log was edited.");
        }

        if (record.Sequence != expected)
        {
            return new AuditCheck(false, expected - 1, expected,
                $"Entry {expected} is missing: the next entry is {record.Sequence} (line {lineNumber} of '{name}'; an entry or a day blob was removed, or the log reordered).");
        }

        if (record.PreviousHash != previous || AuditChain.Hash(key, previous, record.Sequence, record.Entry) != record.Hash)
        {
            return new AuditCheck(false, expected - 1, record.Sequence,
                $"Entry {record.Sequence} (line {lineNumber} of '{name}') does not check out: it was edited, moved, or written without the audit key.");
        }

        if (record.Sequence == head?.Sequence)
        {
            hashAtHead = record.Hash;
        }

        previous = record.Hash;
        expected++;
        return null;
    }

    /// <summary>The verdict once every line was taken in: whether the log ends where the head says.</summary>
    public AuditCheck Finish()
    {
        long count = expected - 1;
        if (head is null)
        {
            return count > 0
                ? new AuditCheck(false, count, null, $"The log holds {count} entries but its head blob '{AzureAuditLog.HeadName}' is missing: the end of the log cannot be vouched for.")
                : new AuditCheck(true, 0, null, "0 entries, chain intact.");
        }

        if (head.Sequence > count)
        {
            return new AuditCheck(false, count, count + 1, $"The log ends at entry {count}, but its head says entry {head.Sequence} was written: entries were cut off the end.");
        }

        if (head.Sequence > 0 && hashAtHead != head.Hash)
        {
            return new AuditCheck(false, count, head.Sequence, $"Entry {head.Sequence} is not the one the head recorded: the log was rewritten.");
        }

        return new AuditCheck(true, count, null, $"{count} entries, chain intact.");
    }
}
