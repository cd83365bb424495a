using System.Globalization;
using System.Text;

namespace SoHoa.Storage;

/// <summary>
/// The hash every backend's audit log chains its entries with, so that one checker can read any of them: HMAC-SHA256
/// under the audit key of the previous entry's hash, the entry's sequence and each field, separated by the unit
/// separator (U+001F), which no field may hold.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The hash of the entry at <paramref name="sequence"/> after the entry whose hash is <paramref name="previousHash"/>.</summary>
    public static string Hash(HmacKey key, string previousHash, long sequence, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entry);
        string line = string.Join('\u001F', previousHash, sequence.ToString(CultureInfo.InvariantCulture), Time(entry.At), entry.Actor, entry.Action,
            entry.PersonKey, entry.ProcedureCode, entry.DossierCode, entry.DocumentId, entry.Outcome);
        return Convert.ToHexStringLower(key.Mac(Encoding.UTF8.GetBytes(line)));
    }

    /// <summary>The entry's time as the chain hashes and stores it: UTC, round-trip format.</summary>
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Refuses an entry with a field that could blur the chain (the separator, or a line break in a line-per-entry log).</summary>
    public static void CheckFields(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        foreach (string? field in new[] { entry.Actor, entry.Action, entry.PersonKey, entry.ProcedureCode, entry.DossierCode, entry.DocumentId, entry.Outcome })
        {
            if (field is not null && field.AsSpan().IndexOfAny('\u001F', '\n', '\r') >= 0)
            {
                throw new ArgumentException("An audit entry's fields may not hold a unit separator or a line break.", nameof(entry));
            }
        }
    }
}
