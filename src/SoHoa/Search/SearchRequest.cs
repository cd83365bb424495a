using SoHoa.Identifiers;
using SoHoa.Storage;
using SoHoa.Storage.FullText;

namespace SoHoa.Search;

/// <summary>A full-text search: the query as typed (see <see cref="SearchQuery"/>) and optional filters, which combine.</summary>
/// <param name="Query">Words, <c>"phrases"</c> and <c>prefixes*</c>; diacritics, case and đ/Đ are ignored unless <see cref="Exact"/>.</param>
public sealed record SearchRequest(string Query)
{
    /// <summary>The most documents a search returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Match diacritics exactly ("Nguyễn" does not find "Nguyên"); case is still ignored.</summary>
    public bool Exact { get; init; }

    /// <summary>Only documents of this kind, such as <c>birth-certificate</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Only documents digitized by this agency (its code, such as <c>000.00.01.H12</c>).</summary>
    public string? AgencyCode { get; init; }

    /// <summary>Only this citizen's documents (looked up by their index key; the ID itself is not stored or logged).</summary>
    public PersonalId? Owner { get; init; }

    /// <summary>Only documents stored on or after this day in Vietnam (UTC+7).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only documents stored on or before this day in Vietnam (UTC+7).</summary>
    public DateOnly? To { get; init; }

    /// <summary>How many documents to return at most, best first (1 to <see cref="MaxLimit"/>; 20 by default).</summary>
    public int Limit { get; init; } = 20;
}

/// <summary>A document that matched: its index entry, the page that matched best, and a snippet of that page.</summary>
/// <param name="Document">The stored document.</param>
/// <param name="Page">The best matching page of the stored PDF, from 1.</param>
/// <param name="Pages">Every matching page, in order.</param>
/// <param name="Score">Minus how often the best page holds the query's terms, each term's count saturating (lower is better; only comparable within one search).</param>
/// <param name="Snippet">Where the terms are on that page, in the original diacritics.</param>
public sealed record SearchHit(StoredDocument Document, int Page, IReadOnlyList<int> Pages, double Score, SearchSnippet Snippet);

/// <summary>What a search found.</summary>
/// <param name="Query">The query as parsed.</param>
/// <param name="Hits">The best matching documents, best first.</param>
/// <param name="TotalDocuments">How many documents matched (more than <see cref="Hits"/> when the limit cut them); when <see cref="Capped"/>, how many among the ranked pages, so at least that many.</param>
/// <param name="IndexComplete">False when the index does not yet cover every stored document (made before it existed, or a rebuild is running or was cut short): rebuild it.</param>
/// <param name="Capped">
/// True when more pages matched than are found (<see cref="DocumentSearch.RankWindow"/>, the newest): the hits are the best of
/// those, plus the newest as many pages where plain words typed stand together. A phrase or a filter narrows the search so that all rank.
/// </param>
public sealed record SearchResults(SearchQuery Query, IReadOnlyList<SearchHit> Hits, int TotalDocuments, bool IndexComplete, bool Capped);
