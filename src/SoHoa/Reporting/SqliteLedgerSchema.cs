using Microsoft.Data.Sqlite;

namespace SoHoa.Reporting;

/// <summary>The report ledger's tables in the folder store's <c>index.db</c>, made when missing.</summary>
internal static class SqliteLedgerSchema
{
    /// <summary>Makes the ledger's tables that are missing from the database of <paramref name="connectionString"/>.</summary>
    public static void Migrate(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS report_entries (
                received_on INTEGER NOT NULL,
                dossier_code TEXT NOT NULL,
                source INTEGER NOT NULL,
                item INTEGER NOT NULL,
                agency INTEGER NOT NULL,
                procedure INTEGER NOT NULL,
                flags INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                outcome INTEGER NOT NULL,
                document_id TEXT NOT NULL,
                pages INTEGER NOT NULL,
                signature_level INTEGER NOT NULL,
                rules INTEGER NOT NULL,
                PRIMARY KEY (received_on, dossier_code, source, item)) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS report_entries_key ON report_entries (dossier_code, source, item);
            CREATE TABLE IF NOT EXISTS report_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS report_problems (
                batch_id TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                agency_code TEXT NOT NULL,
                on_day INTEGER NOT NULL,
                rule TEXT NOT NULL,
                PRIMARY KEY (batch_id, ordinal));
            CREATE TABLE IF NOT EXISTS report_agencies (agency_code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS report_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL, at INTEGER);
            """;
        command.ExecuteNonQuery();
    }
}
