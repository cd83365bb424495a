using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SoHoa.Storage.FullText;

/// <summary>
/// The folder store's full-text index, in its <c>index.db</c>: <c>search_documents</c> numbers each indexed document and
/// holds what searches filter on (copied from its row in <c>documents</c>, which never changes); <c>search_pages</c>
/// holds one row per PDF page with the text shown in snippets; <c>search_folded</c> and <c>search_exact</c> are
/// contentless FTS5 tables of its two indexed forms (see <see cref="IndexedPage"/>; two tables rather than two
/// columns, since a column filter doubled the cost of a query), which find the newest matching pages; they are ranked in .NET. A page's row id is its document's
/// number shifted left 16 bits plus the page number, so matches group by document without a lookup, and a filter
/// costs one integer-key lookup a match. Pages are indexed in the transaction that writes the document's index row,
/// after its files, so a document is searchable exactly when it is findable; <see cref="RebuildAsync"/> makes the
/// index again from the stored sidecars.
/// </summary>
internal sealed class FullTextIndex
{
    private const string Tokenizer = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'";
    private const int RebuildChunk = 500;
    private const int PageBits = 16;

    /// <summary>
    /// How many matching pages (the newest) are found at most, for each of the two ways of matching, when the limit asked
    /// for is at most half of it (else twice the limit). Only the first <see cref="ScoredDocuments"/> documents found are
    /// read and ranked, so pages past that only count towards how many matched; and finding them is most of a search's
    /// cost when the terms are common (folded "do" is on most papers). 250 pages hold the 100 scored documents (about
    /// 1.25 pages each) with room to spare; what each window cost is in benchmarks/README.md ("Full-text search").
    /// </summary>
    public const int RankWindow = 250;

    /// <summary>
    /// How many of the documents found (words together first, then the newest) are read and ranked by how often their
    /// pages hold the terms, at least the limit asked for: reading and scoring a page costs about as much as finding
    /// a hundred.
    /// </summary>
    public const int ScoredDocuments = 100;

    /// <summary>The rank window in use: <see cref="RankWindow"/>, smaller in tests.</summary>
    internal int Window { get; set; } = RankWindow;

    /// <summary>The window for a search returning up to <paramref name="limit"/> documents: <see cref="Window"/>, or room for twice as many pages when that is more.</summary>
    private int WindowFor(int limit) => Math.Max(Window, 2 * limit);
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
        bool hadPairs = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'search_pairs'") > 0;
        Execute(connection, null, Schema);
        if (!existed && Scalar(connection, "SELECT EXISTS (SELECT 1 FROM documents)") > 0)
        {
            Execute(connection, null, "INSERT OR REPLACE INTO search_state (name, value) VALUES ('rebuild', 'needed: the store held documents before it had a full-text index')");
        }
        else if (existed && !hadPairs && Scalar(connection, "SELECT EXISTS (SELECT 1 FROM search_pages)") > 0)
        {
            Execute(connection, null, "INSERT OR REPLACE INTO search_state (name, value) VALUES ('rebuild', 'needed: the index was made before it held word pairs')");
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
        List<IndexedPage>? pages = IndexedPage.FromSidecar(sidecar, KeyedId);
        return pages is null ? 0 : await InsertAsync(connection, transaction, documentId, pages, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The <paramref name="limit"/> best matching documents, best first. Found are the newest <see cref="WindowFor"/>
    /// matching pages (past the filters), and, when the query is plain words, the newest pages where those words stand
    /// together in order, which rank first (a name typed in order finds its papers however common its syllables are).
    /// SQLite only finds them, newest first (FTS5 then stops at the window without reading whole doclists, as bm25
    /// would); they are ranked here: words together first, then, among the first <see cref="ScoredDocuments"/> (or
    /// <paramref name="limit"/>) documents in that order, by how often a page holds the terms (<see cref="TermCounter"/>;
    /// a document ranks by its best page), then the latest stored first.
    /// </summary>
    public async Task<FullTextMatches> SearchAsync(SearchQuery query, FullTextFilter filter, int limit, CancellationToken cancellationToken)
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        bool filtered = filter is not { Kind: null, AgencyCode: null, OwnerKey: null, StoredFrom: null, StoredBefore: null };
        string? together = FtsExpression.Together(query, KeyedId);
        string table = query.Exact ? "search_exact" : "search_folded";
        int window = WindowFor(limit);
        using (SqliteCommand cache = connection.CreateCommand())
        {
            // A pooled connection keeps the index pages it read: a search reads a few MiB of doclists.
            cache.CommandText = "PRAGMA cache_size = -65536";
            await cache.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Words typed together are found through the pair index when they can be (see FtsExpression.TogetherPairs), else as
        // a phrase. A page holding every pair may still hold them apart ("Đỗ Mỹ Lan … Mỹ Chi"): it is checked when read.
        string[]? pairWords = FtsExpression.PairWords(query, KeyedId);
        List<long> inOrder = pairWords is not null
            ? await NewestAsync(connection, "search_pairs", FtsExpression.TogetherPairs(pairWords), filter, filtered, window, cancellationToken).ConfigureAwait(false)
            : together is null ? [] : await NewestAsync(connection, table, together, filter, filtered, window, cancellationToken).ConfigureAwait(false);
        // A personal ID shows masked in the page text, so a query holding one is taken at its pairs' word.
        bool checkTogether = pairWords is not null && !query.Terms.Any(t => TextFolding.LooksLikePersonalId(t.Tokens[0]));
        List<long> matched = await NewestAsync(connection, table, FtsExpression.AllTerms(query, KeyedId), filter, filtered, window, cancellationToken).ConfigureAwait(false);
        bool capped = matched.Count >= window;
        var tiers = new Dictionary<long, int>(inOrder.Count + matched.Count);
        foreach (long id in inOrder)
        {
            tiers[id] = 0;
        }

        foreach (long id in matched)
        {
            tiers.TryAdd(id, 1);
        }

        if (tiers.Count == 0)
        {
            return new FullTextMatches([], 0, Scalar(connection, "SELECT count(*) FROM search_state") == 0, capped);
        }

        // The documents found, words together first, then the newest; the first of them are read and ranked.
        var found = new Dictionary<long, (int Tier, List<long> Pages)>();
        foreach ((long id, int tier) in tiers)
        {
            (int Tier, List<long> Pages) document = found.GetValueOrDefault(id >> PageBits, (tier, []));
            document.Pages.Add(id);
            found[id >> PageBits] = (Math.Min(tier, document.Tier), document.Pages);
        }

        long[] read = found.OrderBy(d => d.Value.Tier).ThenByDescending(d => d.Key).Take(Math.Max(limit, ScoredDocuments)).SelectMany(d => d.Value.Pages).ToArray();
        var counter = new TermCounter(query);
        var documents = new Dictionary<long, Ranked>();
        using (SqliteCommand pages = connection.CreateCommand())
        {
            pages.CommandText = $"""
                SELECT p.id, p.text, d.document_id, d.stored_at FROM json_each($ids) j
                JOIN search_pages p ON p.id = j.value JOIN search_documents d ON d.seq = j.value >> {PageBits}
                """;
            pages.Parameters.AddWithValue("$ids", "[" + string.Join(',', read.Select(k => k.ToString(CultureInfo.InvariantCulture))) + "]");
            using SqliteDataReader reader = await pages.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                long id = reader.GetInt64(0);
                string text = reader.GetString(1);
                (double score, bool wordsInOrder) = counter.Read(text);
                int tier = tiers[id] == 0 && checkTogether && !wordsInOrder ? 1 : tiers[id];
                var page = new RankedPage((int)(id & ((1 << PageBits) - 1)), tier, -score, text);
                if (documents.TryGetValue(id >> PageBits, out Ranked? document))
                {
                    document.Add(page);
                }
                else
                {
                    documents.Add(id >> PageBits, new Ranked(reader.GetString(2), reader.GetString(3), page));
                }
            }
        }

        var matches = documents.Values
            .OrderBy(d => d.Best.Tier).ThenBy(d => d.Best.Score).ThenByDescending(d => d.StoredAt, StringComparer.Ordinal).ThenBy(d => d.DocumentId, StringComparer.Ordinal)
            .Take(limit)
            .Select(d => new FullTextMatch(d.DocumentId, d.Best.Page, d.Best.Score, d.Best.Text, d.Pages.Order().ToArray()))
            .ToList();
        bool complete = Scalar(connection, "SELECT count(*) FROM search_state") == 0;
        return new FullTextMatches(matches, found.Count, complete, capped);
    }

    /// <summary>The newest <paramref name="window"/> page row ids matching <paramref name="expression"/> and the filters, newest first (no rank: FTS5 stops at the window).</summary>
    private static async Task<List<long>> NewestAsync(SqliteConnection connection, string table, string expression, FullTextFilter filter, bool filtered, int window, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = filtered
            ? $"""
                SELECT {table}.rowid FROM {table} JOIN search_documents d ON d.seq = {table}.rowid >> {PageBits}
                WHERE {table} MATCH $match AND ($kind IS NULL OR d.kind = $kind) AND ($agency IS NULL OR d.agency_code = $agency)
                  AND ($person IS NULL OR d.person_key = $person) AND ($from IS NULL OR d.stored_at >= $from) AND ($before IS NULL OR d.stored_at < $before)
                ORDER BY {table}.rowid DESC LIMIT $window
                """
            : $"SELECT rowid FROM {table} WHERE {table} MATCH $match ORDER BY rowid DESC LIMIT $window";
        command.Parameters.AddWithValue("$match", expression);
        command.Parameters.AddWithValue("$window", window);
        if (filtered)
        {
            command.Parameters.AddWithValue("$kind", (object?)filter.Kind ?? DBNull.Value);
            command.Parameters.AddWithValue("$agency", (object?)filter.AgencyCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$person", (object?)filter.OwnerKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$from", filter.StoredFrom is { } from ? Instant(from) : DBNull.Value);
            command.Parameters.AddWithValue("$before", filter.StoredBefore is { } before ? Instant(before) : DBNull.Value);
        }

        var ids = new List<long>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>A matching page as ranked: its number, 0 when the plain words stand together on it (else 1), its score (lower is better) and text.</summary>
    private sealed record RankedPage(int Page, int Tier, double Score, string Text);

    /// <summary>A matching document: its id, when it was stored, its best page and every matching page.</summary>
    private sealed class Ranked(string documentId, string storedAt, RankedPage first)
    {
        public string DocumentId { get; } = documentId;

        public string StoredAt { get; } = storedAt;

        public RankedPage Best { get; private set; } = first;

        public List<int> Pages { get; } = [first.Page];

        public void Add(RankedPage page)
        {
            Pages.Add(page.Page);
            Best = (page.Tier, page.Score, page.Page).CompareTo((Best.Tier, Best.Score, Best.Page)) < 0 ? page : Best;
        }
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
            Execute(connection, reset, "DROP TABLE IF EXISTS search_folded; DROP TABLE IF EXISTS search_exact; DROP TABLE IF EXISTS search_pairs; DROP TABLE IF EXISTS search_pages; DROP TABLE IF EXISTS search_documents;" + Schema
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
                pages += await InsertAsync(connection, transaction, id, found, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
        }

        Execute(connection, null, "DELETE FROM search_state");
        return new FullTextRebuild(read, pages, unreadable);
    }

    /// <summary>
    /// Contentless (the text is in <c>search_pages</c>); no column sizes (kept small: ranking is done in .NET, not
    /// with bm25); prefix indexes of 2 and 3 letters, since "nguy*" otherwise merges the doclists of every word it begins.
    /// </summary>
    private const string FtsOptions = $"""content = '', columnsize = 0, prefix = '2 3', tokenize = "{Tokenizer}" """;

    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS search_documents (
            seq INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, agency_code TEXT NOT NULL, person_key TEXT NOT NULL, stored_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS search_pages (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
        CREATE VIRTUAL TABLE IF NOT EXISTS search_folded USING fts5(folded, {FtsOptions});
        CREATE VIRTUAL TABLE IF NOT EXISTS search_exact USING fts5(exact, {FtsOptions});
        CREATE VIRTUAL TABLE IF NOT EXISTS search_pairs USING fts5(pairs, content = '', columnsize = 0, tokenize = "{Tokenizer}");
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

    /// <summary>
    /// Indexes <paramref name="pages"/> of a document under its number (the one it already has, else the next), in the
    /// caller's write transaction; pages already indexed, and pages past 65,535, are left out. Returns how many were added.
    /// </summary>
    private static async Task<int> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, List<IndexedPage> pages, CancellationToken cancellationToken)
    {
        if (pages.Count == 0)
        {
            return 0;
        }

        // The document's number: the one it has, else the next; what searches filter on is copied from its index row,
        // written earlier in this transaction.
        using SqliteCommand number = connection.CreateCommand();
        number.Transaction = transaction;
        number.CommandText = """
            INSERT INTO search_documents (document_id, kind, agency_code, person_key, stored_at)
                SELECT document_id, kind, agency_code, person_key, stored_at FROM documents WHERE document_id = $document
                ON CONFLICT (document_id) DO NOTHING;
            SELECT seq FROM search_documents WHERE document_id = $document;
            """;
        number.Parameters.AddWithValue("$document", documentId);
        if (await number.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long seq)
        {
            return 0;
        }

        int added = 0;
        foreach (IndexedPage page in pages.Where(p => p.Page < 1 << PageBits))
        {
            long id = (seq << PageBits) | (long)page.Page;
            using SqliteCommand row = connection.CreateCommand();
            row.Transaction = transaction;
            row.CommandText = "INSERT OR IGNORE INTO search_pages (id, text) VALUES ($id, $text)";
            row.Parameters.AddWithValue("$id", id);
            row.Parameters.AddWithValue("$text", page.Display);
            if (await row.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                continue;
            }

            using SqliteCommand text = connection.CreateCommand();
            text.Transaction = transaction;
            text.CommandText = "INSERT INTO search_folded (rowid, folded) VALUES ($id, $folded); INSERT INTO search_exact (rowid, exact) VALUES ($id, $exact); INSERT INTO search_pairs (rowid, pairs) VALUES ($id, $pairs);";
            text.Parameters.AddWithValue("$id", id);
            text.Parameters.AddWithValue("$exact", page.Exact);
            text.Parameters.AddWithValue("$folded", page.Folded);
            text.Parameters.AddWithValue("$pairs", page.Pairs);
            await text.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            added++;
        }

        return added;
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
