using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SoHoa.Identifiers;
using SoHoa.Reuse;
using SoHoa.Storage;
using SoHoa.Storage.FullText;

namespace SoHoa.Search;

/// <summary>
/// Full-text search over the OCR text of stored documents, the way officers type: diacritics, case and đ/Đ ignored by
/// default (or exact diacritics), words, <c>"phrases"</c> and <c>prefixes*</c>, ranked (words together in order first, then how often the terms occur, then the latest), each hit with its best
/// page and a snippet in the original diacritics. Searching OCR text reaches personal data, so every search is written to
/// the store's audit log like a find: who, for which procedure and dossier, the query (replaced by its keyed hash when it
/// holds a personal ID or any run of 9 or more digits), the filters, and the documents returned.
/// <para>
/// Available on the folder store (SQLite FTS5 in its <c>index.db</c>, filled as documents are stored). The Azure store
/// has no full-text index: constructing the service over it throws <see cref="NotSupportedException"/> (see the README
/// for what search at that scale would take).
/// </para>
/// </summary>
public sealed class DocumentSearch
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>How the audit entry quotes a query: a JSON string, readable Vietnamese, quotes and control characters escaped.</summary>
    private static readonly JsonSerializerOptions QuotedText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IDocumentStore _store;
    private readonly FolderDocumentStore _folder;
    private readonly FullTextIndex _index;
    private readonly TimeProvider _time;

    /// <summary>How many matching pages, the newest, a search ranks at most (see <see cref="SearchResults.Capped"/>).</summary>
    public const int RankWindow = FullTextIndex.RankWindow;

    /// <summary>Creates the service over <paramref name="store"/>, which must have a full-text index (<see cref="IsAvailable"/>).</summary>
    public DocumentSearch(IDocumentStore store, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _folder = store as FolderDocumentStore ?? throw new NotSupportedException(NotAvailable(store));
        _index = _folder.FullText;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>True when <paramref name="store"/> keeps a full-text index (the folder store does; the Azure store does not).</summary>
    public static bool IsAvailable(IDocumentStore store) => store is FolderDocumentStore;

    /// <summary>Why search cannot run on <paramref name="store"/>, in words.</summary>
    public static string NotAvailable(IDocumentStore store) =>
        $"Full-text search is not available on the store at {(store is FolderDocumentStore ? store.Location : "an Azure Storage account")}: only the folder store (SQLite FTS5) keeps a full-text index. See README.md, \"Full-text search\".";

    /// <summary>
    /// Runs <paramref name="request"/> and writes one audit entry for it. A query that cannot be run is a
    /// <see cref="SearchQueryException"/> (nothing is read, nothing is audited); a store failure a <see cref="SoHoaException"/>.
    /// </summary>
    public async Task<SearchResults> SearchAsync(SearchRequest request, ReadPurpose purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(purpose);
        SearchQuery query = SearchQuery.Parse(request.Query, request.Exact);
        if (request.Limit is < 1 or > SearchRequest.MaxLimit)
        {
            throw new SearchQueryException($"The limit must be from 1 to {SearchRequest.MaxLimit}; it is {request.Limit}.");
        }

        if (request.From > request.To)
        {
            throw new SearchQueryException($"The first day ({request.From:yyyy-MM-dd}) is after the last day ({request.To:yyyy-MM-dd}).");
        }

        var filter = new FullTextFilter(
            request.Kind,
            request.AgencyCode,
            request.Owner is { } owner ? _store.PersonKey(owner) : null,
            request.From is { } from ? VietnamMidnight(from) : null,
            request.To is { } to ? VietnamMidnight(to.AddDays(1)) : null);
        FullTextMatches matches;
        var hits = new List<SearchHit>();
        try
        {
            matches = await _index.SearchAsync(query, filter, request.Limit, cancellationToken).ConfigureAwait(false);
            Dictionary<string, StoredDocument> documents = (await _folder.GetManyAsync(matches.Matches.Select(m => m.DocumentId).ToArray(), cancellationToken).ConfigureAwait(false))
                .ToDictionary(d => d.DocumentId, StringComparer.Ordinal);
            var counter = new TermCounter(query);
            foreach (FullTextMatch match in matches.Matches)
            {
                StoredDocument document = documents.GetValueOrDefault(match.DocumentId)
                    ?? throw new SoHoaException(SoHoaErrorCode.Storage, $"The full-text index names document {match.DocumentId}, which the store does not hold.");
                hits.Add(new SearchHit(document, match.Page, match.Pages, match.Score, SearchSnippet.Build(match.PageText, counter)));
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // The message is SQLite's (it never quotes the query's text).
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The full-text index could not be searched: {ex.Message}", isTransient: true, ex);
        }

        var results = new SearchResults(query, hits, matches.TotalDocuments, matches.Complete, matches.Capped);
        await _store.AuditLog.AppendAsync(
            new AuditEntry(_time.GetUtcNow(), purpose.Actor, "search", PersonKeyOf(request, query), purpose.ProcedureCode, purpose.DossierCode, null, Outcome(request, query, results)),
            cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Makes the full-text index again from the stored sidecars (after an upgrade, or to repair it). Stores and searches may go on meanwhile.</summary>
    public Task<FullTextRebuild> RebuildIndexAsync(CancellationToken cancellationToken = default) => _index.RebuildAsync(cancellationToken);

    /// <summary>
    /// True when <paramref name="query"/> holds a run of 9 or more digits (spaces, dots and hyphens between digits
    /// allowed): a personal ID (12 digits), an old identity card number (9) or a phone number, which the audit log must
    /// not hold as typed.
    /// </summary>
    public static bool HoldsPersonalNumber(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        int digits = 0;
        for (int i = 0; i < query.Length; i++)
        {
            if (char.IsAsciiDigit(query[i]))
            {
                if (++digits >= 9)
                {
                    return true;
                }
            }
            else if (!(query[i] is ' ' or '.' or '-' && digits > 0 && i + 1 < query.Length && char.IsAsciiDigit(query[i + 1])))
            {
                digits = 0;
            }
        }

        return false;
    }

    /// <summary>The audit entry's citizen: the one filtered on, else the one whose valid personal ID the query holds, if any.</summary>
    private string? PersonKeyOf(SearchRequest request, SearchQuery query)
    {
        if (request.Owner is { } owner)
        {
            return _store.PersonKey(owner);
        }

        string[] ids = query.Terms.SelectMany(t => t.Tokens).Where(t => TextFolding.LooksLikePersonalId(t)).Distinct(StringComparer.Ordinal).ToArray();
        return ids.Length == 1 && PersonalId.TryParse(ids[0], null, out PersonalId? id).IsValid ? _store.PersonKey(id!.Value) : null;
    }

    private string Outcome(SearchRequest request, SearchQuery query, SearchResults results)
    {
        var outcome = new StringBuilder();
        string text = query.Text;
        outcome.Append(HoldsPersonalNumber(text) ? $"query hmac-sha256:{_index.QueryHash(text)}" : $"query {JsonSerializer.Serialize(text, QuotedText)}");
        outcome.Append(request.Exact ? " exact" : string.Empty)
            .Append(request.Kind is null ? string.Empty : $" kind={request.Kind}")
            .Append(request.AgencyCode is null ? string.Empty : $" agency={request.AgencyCode}")
            .Append(request.Owner is null ? string.Empty : " citizen")
            .Append(request.From is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" from={request.From:yyyy-MM-dd}"))
            .Append(request.To is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" to={request.To:yyyy-MM-dd}"))
            .Append(CultureInfo.InvariantCulture, $": {(results.Capped ? "at least " : string.Empty)}{results.TotalDocuments} found, {results.Hits.Count} returned");
        if (results.Hits.Count > 0)
        {
            outcome.Append(": ").AppendJoin(' ', results.Hits.Select(h => h.Document.DocumentId));
        }

        // An audit line holds no line break or unit separator: control characters typed in the query or a filter become spaces.
        return new string(outcome.ToString().Select(c => char.IsControl(c) ? ' ' : c).ToArray());
    }

    private static DateTimeOffset VietnamMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), VietnamOffset);
}
