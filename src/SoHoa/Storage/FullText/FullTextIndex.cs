using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SoHoa.Storage.FullText;

/// <summary>What to search among: all filters are optional and combine.</summary>
/// <param name="Kind">Only documents of this kind.</param>
/// <param name="AgencyCode">Only documents digitized by this agency.</param>
/// <param name="OwnerKey">Only this citizen's documents (their index key).</param>
/// <param name="StoredFrom">Only documents stored at or after this instant.</param>
/// <param name="StoredBefore">Only documents stored before this instant.</param>
internal sealed record FullTextFilter(string? Kind, string? AgencyCode, string? OwnerKey, DateTimeOffset? StoredFrom, DateTimeOffset? StoredBefore);

/// <summary>A matching document: its best page (lowest bm25 score), that page's snippet text, and every matching page.</summary>
internal sealed record FullTextMatch(string DocumentId, int Page, double Score, string PageText, IReadOnlyList<int> Pages);

/// <summary>The best matches, how many documents matched in all, and whether the index covers every stored document.</summary>
internal sealed record FullTextMatches(IReadOnlyList<FullTextMatch> Matches, int TotalDocuments, bool Complete);

/// <summary>What a rebuild read: documents, pages indexed, and sidecars that could not be read (their documents are not searchable).</summary>
/// <param name="Documents">Documents whose sidecar was read.</param>
/// <param name="Pages">Pages indexed.</param>
/// <param name="Unreadable">Sidecars missing or not JSON.</param>
public sealed record FullTextRebuild(int Documents, int Pages, int Unreadable);

/// <summary>
/// The folder store's full-text index, in its <c>index.db</c>: <c>search_pages</c> holds one row per PDF page with the
/// text shown in snippets, and <c>search_index</c> is a contentless FTS5 table over two forms of it (exact and folded,
/// see <see cref="IndexedPage"/>), ranked with bm25. Pages are indexed in the transaction that writes the document's
/// index row, after its files, so a document is searchable exactly when it is findable; <see cref="RebuildAsync"/>
/// makes the index again from the stored sidecars.
/// </summary>
internal sealed class FullTextIndex
{
    private const string Tokenizer = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'";
    private const int RebuildChunk = 500;
    private readonly string _connectionString;
    private readonly HmacKey _indexKey;
    private readonly Func<string, string> _fullPath;

    public FullTextIndex(string connectionString, HmacKey indexKey, Func<string, string> fullPath)
    {
        _connectionString = connectionString;
        _indexKey = indexKey;
        _fullPath = fullPath;
    }

    /// <summary>Makes the tables when missing; a store that already held documents is marked as needing a rebuild.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        bool existed = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'search_pages'") > 0;
        Execute(connection, null, Schema);
        if (!existed && Scalar(connection, "SELECT EXISTS (SELECT 1 FROM documents)") > 0)
        {
            Execute(connection, null, "INSERT OR REPLACE INTO search_state (name, value) VALUES ('rebuild', 'needed: the store held documents before it had a full-text index')");
        }
    }

    /// <summary>The token that stands for a 12-digit number in the index: keyed with the index key, so the digits are not in it.</summary>
    public string KeyedId(string digits) =>
        "pid" + Convert.ToHexStringLower(_indexKey.Mac(Encoding.ASCII.GetBytes("sohoa.search/v1 " + digits)))[..20];

    /// <summary>The keyed hash (HMAC-SHA256 under the index key) the audit log holds instead of a query that holds a personal number.</summary>
    public string QueryHash(string query) => Convert.ToHexStringLower(_indexKey.Mac(Encoding.UTF8.GetBytes("sohoa.search.query/v1 " + query)));

    /// <summary>Indexes a stored document's pages from its sidecar, in the caller's transaction; pages already indexed are left alone.</summary>
    public async Task<int> IndexAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken)
    {
        int indexed = 0;
        foreach (IndexedPage page in IndexedPage.FromSidecar(sidecar, KeyedId) ?? [])
        {
            indexed += await InsertAsync(connection, transaction, documentId, page, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return indexed;
    }

    /// <summary>The FTS5 MATCH expression for <paramref name="query"/>: every token quoted, so nothing typed is read as FTS5 syntax.</summary>
    public string MatchExpression(SearchQuery query)
    {
        var terms = new List<string>();
        foreach (SearchTerm term in query.Terms)
        {
            string[] tokens = term.Tokens
                .Select(t => TextFolding.LooksLikePersonalId(t) ? KeyedId(t) : query.Exact ? TextFolding.Exact(t) : TextFolding.Fold(t))
                .Where(t => t.Length > 0)
                .ToArray();
            if (tokens.Length > 0)
            {
                string phrase = "\"" + string.Join(' ', tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                terms.Add(term.Prefix && !TextFolding.LooksLikePersonalId(term.Tokens[^1]) ? phrase + " *" : phrase);
            }
        }

        return terms.Count == 0
            ? throw new SearchQueryException("The query has no word to search for once its marks are set aside.")
            : $"{{{(query.Exact ? "exact" : "folded")}}} : ({string.Join(" AND ", terms)})";
    }

    /// <summary>The <paramref name="limit"/> best matching documents, best first (bm25 of their best page, then document id).</summary>
    public async Task<FullTextMatches> SearchAsync(SearchQuery query, FullTextFilter filter, int limit, CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            WITH matched AS MATERIALIZED (
                SELECT rowid AS id, bm25(search_index) AS score FROM search_index WHERE search_index MATCH $match),
            hits AS (
                SELECT p.document_id AS document_id, p.page AS page, min(m.score) AS score, group_concat(p.page) AS pages
                FROM matched m JOIN search_pages p ON p.id = m.id JOIN documents d ON d.document_id = p.document_id
                WHERE ($kind IS NULL OR d.kind = $kind) AND ($agency IS NULL OR d.agency_code = $agency) AND ($person IS NULL OR d.person_key = $person)
                  AND ($from IS NULL OR d.stored_at >= $from) AND ($before IS NULL OR d.stored_at < $before)
                GROUP BY p.document_id),
            top AS (SELECT document_id, page, score, pages, count(*) OVER () AS total FROM hits ORDER BY score, document_id LIMIT $limit)
            SELECT t.document_id, t.page, t.score, t.pages, s.text, t.total, (SELECT count(*) FROM search_state)
            FROM top t JOIN search_pages s ON s.document_id = t.document_id AND s.page = t.page
            ORDER BY t.score, t.document_id
            """;
        command.Parameters.AddWithValue("$match", MatchExpression(query));
        command.Parameters.AddWithValue("$kind", (object?)filter.Kind ?? DBNull.Value);
        command.Parameters.AddWithValue("$agency", (object?)filter.AgencyCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$person", (object?)filter.OwnerKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", filter.StoredFrom is { } from ? Instant(from) : DBNull.Value);
        command.Parameters.AddWithValue("$before", filter.StoredBefore is { } before ? Instant(before) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        var matches = new List<FullTextMatch>();
        int total = 0;
        bool complete = true;
        using (SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int[] pages = reader.GetString(3).Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Order().ToArray();
                matches.Add(new FullTextMatch(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetString(4), pages));
                total = reader.GetInt32(5);
                complete = reader.GetInt32(6) == 0;
            }
        }

        if (matches.Count == 0)
        {
            complete = Scalar(connection, "SELECT count(*) FROM search_state") == 0;
        }

        return new FullTextMatches(matches, total, complete);
    }

    /// <summary>
    /// Makes the index again from the stored sidecars: the tables are emptied, then documents are indexed in chunks, each
    /// in a short transaction, so stores and searches go on meanwhile (searches report the index incomplete until the end;
    /// documents stored meanwhile index themselves).
    /// </summary>
    public async Task<FullTextRebuild> RebuildAsync(CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using (SqliteTransaction reset = connection.BeginTransaction())
        {
            Execute(connection, reset, "DROP TABLE IF EXISTS search_index; DROP TABLE IF EXISTS search_pages;" + Schema
                + "INSERT OR REPLACE INTO search_state (name, value) VALUES ('rebuild', 'running');");
            reset.Commit();
        }

        var documents = new List<(string Id, string Sidecar)>();
        using (SqliteCommand list = connection.CreateCommand())
        {
            list.CommandText = "SELECT document_id, sidecar_path FROM documents WHERE reused_from IS NULL ORDER BY document_id";
            using SqliteDataReader reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                documents.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        int read = 0, pages = 0, unreadable = 0;
        foreach ((string Id, string Sidecar)[] chunk in documents.Chunk(RebuildChunk))
        {
            var indexed = new List<(string Id, List<IndexedPage> Pages)>(chunk.Length);
            foreach ((string id, string sidecar) in chunk)
            {
                List<IndexedPage>? found = await ReadSidecarAsync(sidecar, cancellationToken).ConfigureAwait(false);
                (read, unreadable) = found is null ? (read, unreadable + 1) : (read + 1, unreadable);
                indexed.Add((id, found ?? []));
            }

            using SqliteTransaction transaction = connection.BeginTransaction();
            foreach ((string id, List<IndexedPage> found) in indexed)
            {
                foreach (IndexedPage page in found)
                {
                    pages += await InsertAsync(connection, transaction, id, page, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
            }

            transaction.Commit();
        }

        Execute(connection, null, "DELETE FROM search_state");
        return new FullTextRebuild(read, pages, unreadable);
    }

    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS search_pages (
            id INTEGER PRIMARY KEY, document_id TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (document_id, page));
        CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(exact, folded, content = '', tokenize = "{Tokenizer}");
        CREATE TABLE IF NOT EXISTS search_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """;

    private async Task<List<IndexedPage>?> ReadSidecarAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return IndexedPage.FromSidecar(await File.ReadAllBytesAsync(_fullPath(path), cancellationToken).ConfigureAwait(false), KeyedId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, IndexedPage page, CancellationToken cancellationToken)
    {
        using SqliteCommand row = connection.CreateCommand();
        row.Transaction = transaction;
        row.CommandText = "INSERT OR IGNORE INTO search_pages (document_id, page, text) VALUES ($document, $page, $text) RETURNING id";
        row.Parameters.AddWithValue("$document", documentId);
        row.Parameters.AddWithValue("$page", page.Page);
        row.Parameters.AddWithValue("$text", page.Display);
        if (await row.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long id)
        {
            return false;
        }

        using SqliteCommand text = connection.CreateCommand();
        text.Transaction = transaction;
        text.CommandText = "INSERT INTO search_index (rowid, exact, folded) VALUES ($id, $exact, $folded)";
        text.Parameters.AddWithValue("$id", id);
        text.Parameters.AddWithValue("$exact", page.Exact);
        text.Parameters.AddWithValue("$folded", page.Folded);
        await text.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>An instant as the documents table writes <c>stored_at</c>, so that the two compare as text.</summary>
    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
