using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>
/// The rows of <c>report_entries</c> and <c>report_names</c>: how an entry is packed (the repeating strings as numbers
/// into <c>report_names</c>, the small numbers into <c>flags</c> and <c>pages</c>), upserted by the ledger's rule, and
/// read back.
/// </summary>
internal static class SqliteLedgerEntries
{
    private const long IdentifiedFlag = 1;
    private const long ResultFlag = 2;
    private const long FlaggedFlag = 4;
    private const long UnknownPages = 0xFFFF;

    /// <summary>The entry of the current row of a <c>report_entries</c> query (columns in the ledger's order), received on <paramref name="receivedOn"/>.</summary>
    public static LedgerEntry Read(SqliteDataReader reader, Dictionary<long, string> names, DateOnly receivedOn)
    {
        long flags = reader.GetInt64(6);
        long pages = reader.GetInt64(10);
        string document = reader.GetString(9);
        return new LedgerEntry(
            reader.GetString(1),
            names[reader.GetInt64(2)],
            reader.GetInt64(3),
            names[reader.GetInt64(4)],
            names[reader.GetInt64(5)],
            receivedOn,
            (flags & IdentifiedFlag) != 0,
            (flags & ResultFlag) != 0 ? DocumentRole.Result : DocumentRole.Input,
            names[reader.GetInt64(7)],
            (LedgerOutcome)reader.GetInt64(8),
            document.Length == 0 ? null : document)
        {
            PdfPages = Unpack(pages, 0),
            ScannedPages = Unpack(pages, 1),
            BlankPages = Unpack(pages, 2),
            LowConfidencePages = Unpack(pages, 3),
            Flagged = (flags & FlaggedFlag) != 0,
            SignatureLevel = reader.GetInt64(11) is var level && level == 0 ? null : names[level],
            Rules = names[reader.GetInt64(12)],
        };
    }

    /// <summary>Records <paramref name="entries"/> by the ledger's rule, in <paramref name="transaction"/>.</summary>
    public static async Task UpsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        Dictionary<string, long> ids = await NameIdsAsync(
            connection,
            transaction,
            entries.SelectMany(e => new[] { e.Source, e.AgencyCode, e.ProcedureCode, e.Kind, e.Rules, e.SignatureLevel ?? e.Rules }),
            cancellationToken).ConfigureAwait(false);
        using SqliteCommand upsert = connection.CreateCommand();
        upsert.Transaction = transaction;

        // A success already recorded is kept when the same entry comes back as a failure (a redelivery that could not reach
        // the store); a level already known is kept when the new run found the document already stored and could not tell.
        upsert.CommandText = $"""
            INSERT INTO report_entries (received_on, dossier_code, source, item, agency, procedure, flags, kind, outcome, document_id, pages, signature_level, rules)
            VALUES ($received, $dossier, $source, $item, $agency, $procedure, $flags, $kind, $outcome, $document, $pages, $level, $rules)
            ON CONFLICT(dossier_code, source, item) DO UPDATE SET
                received_on = excluded.received_on, agency = excluded.agency, procedure = excluded.procedure, flags = excluded.flags,
                kind = excluded.kind, outcome = excluded.outcome, document_id = excluded.document_id, pages = excluded.pages,
                signature_level = CASE WHEN excluded.signature_level = 0 AND excluded.document_id = report_entries.document_id
                    THEN report_entries.signature_level ELSE excluded.signature_level END,
                rules = excluded.rules
            WHERE NOT (report_entries.outcome IN ({SuccessList}) AND excluded.outcome NOT IN ({SuccessList}))
            """;
        SqliteParameter received = upsert.Parameters.Add("$received", SqliteType.Integer);
        SqliteParameter dossier = upsert.Parameters.Add("$dossier", SqliteType.Text);
        SqliteParameter source = upsert.Parameters.Add("$source", SqliteType.Integer);
        SqliteParameter item = upsert.Parameters.Add("$item", SqliteType.Integer);
        SqliteParameter agency = upsert.Parameters.Add("$agency", SqliteType.Integer);
        SqliteParameter procedure = upsert.Parameters.Add("$procedure", SqliteType.Integer);
        SqliteParameter flags = upsert.Parameters.Add("$flags", SqliteType.Integer);
        SqliteParameter kind = upsert.Parameters.Add("$kind", SqliteType.Integer);
        SqliteParameter outcome = upsert.Parameters.Add("$outcome", SqliteType.Integer);
        SqliteParameter document = upsert.Parameters.Add("$document", SqliteType.Text);
        SqliteParameter pages = upsert.Parameters.Add("$pages", SqliteType.Integer);
        SqliteParameter level = upsert.Parameters.Add("$level", SqliteType.Integer);
        SqliteParameter rules = upsert.Parameters.Add("$rules", SqliteType.Integer);
        foreach (LedgerEntry entry in entries)
        {
            received.Value = ToNumber(entry.ReceivedOn);
            dossier.Value = entry.DossierCode;
            source.Value = ids[entry.Source];
            item.Value = entry.Item;
            agency.Value = ids[entry.AgencyCode];
            procedure.Value = ids[entry.ProcedureCode];
            flags.Value = (entry.Identified ? IdentifiedFlag : 0) | (entry.Role == DocumentRole.Result ? ResultFlag : 0) | (entry.Flagged ? FlaggedFlag : 0);
            kind.Value = ids[entry.Kind];
            outcome.Value = (int)entry.Outcome;
            document.Value = entry.DocumentId ?? string.Empty;
            pages.Value = Pack(entry.PdfPages, 0) | Pack(entry.ScannedPages, 1) | Pack(entry.BlankPages, 2) | Pack(entry.LowConfidencePages, 3);
            level.Value = entry.SignatureLevel is { } named ? ids[named] : 0;
            rules.Value = ids[entry.Rules];
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The number of each name, adding the names not seen before.</summary>
    private static async Task<Dictionary<string, long>> NameIdsAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        string[] distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        string json = JsonSerializer.Serialize(distinct);
        using SqliteCommand add = connection.CreateCommand();
        add.Transaction = transaction;
        add.CommandText = "INSERT OR IGNORE INTO report_names (name) SELECT value FROM json_each($names)";
        add.Parameters.AddWithValue("$names", json);
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT name, id FROM report_names WHERE name IN (SELECT value FROM json_each($names))";
        read.Parameters.AddWithValue("$names", json);
        var ids = new Dictionary<string, long>(distinct.Length, StringComparer.Ordinal);
        using SqliteDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    /// <summary>Every name by its number.</summary>
    public static async Task<Dictionary<long, string>> NamesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, name FROM report_names";
        var names = new Dictionary<long, string>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names[reader.GetInt64(0)] = reader.GetString(1);
        }

        return names;
    }

    /// <summary>The outcomes a failure never replaces, as SQL numbers.</summary>
    private static string SuccessList => string.Join(", ", new[] { LedgerOutcome.Stored, LedgerOutcome.AlreadyStored, LedgerOutcome.Reused, LedgerOutcome.Opened }
        .Select(o => ((int)o).ToString(CultureInfo.InvariantCulture)));

    /// <summary>A day as the number yyyyMMdd, which sorts as the day does.</summary>
    public static long ToNumber(DateOnly day) => (day.Year * 10_000L) + (day.Month * 100) + day.Day;

    /// <summary>The day of a number yyyyMMdd.</summary>
    public static DateOnly FromNumber(long number) => new((int)(number / 10_000), (int)(number / 100 % 100), (int)(number % 100));

    /// <summary>One page figure in its 16 bits of the <c>pages</c> column; all ones when unknown (page counts stay far below 65535).</summary>
    private static long Pack(int? value, int field) => (value is { } v ? Math.Clamp(v, 0, UnknownPages - 1) : UnknownPages) << (16 * field);

    /// <summary>One page figure out of the <c>pages</c> column; null when unknown.</summary>
    private static int? Unpack(long pages, int field) => (int)((pages >> (16 * field)) & UnknownPages) is var v && v == UnknownPages ? null : v;
}
