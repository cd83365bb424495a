namespace SoHoa.Storage.FullText;

/// <summary>What to search among: all filters are optional and combine.</summary>
/// <param name="Kind">Only documents of this kind.</param>
/// <param name="AgencyCode">Only documents digitized by this agency.</param>
/// <param name="OwnerKey">Only this citizen's documents (their index key).</param>
/// <param name="StoredFrom">Only documents stored at or after this instant.</param>
/// <param name="StoredBefore">Only documents stored before this instant.</param>
internal sealed record FullTextFilter(string? Kind, string? AgencyCode, string? OwnerKey, DateTimeOffset? StoredFrom, DateTimeOffset? StoredBefore);

/// <summary>A matching document: its best page (lowest score: minus how much of the query it holds, see <see cref="TermCounter"/>), that page's snippet text, and every matching page.</summary>
internal sealed record FullTextMatch(string DocumentId, int Page, double Score, string PageText, IReadOnlyList<int> Pages);

/// <summary>The best matches, how many documents matched (among the ranked pages), whether the index covers every stored document, and whether more pages matched than were ranked.</summary>
internal sealed record FullTextMatches(IReadOnlyList<FullTextMatch> Matches, int TotalDocuments, bool Complete, bool Capped);

/// <summary>What a rebuild read: documents, pages indexed, and sidecars that could not be read (their documents are not searchable).</summary>
/// <param name="Documents">Documents whose sidecar was read.</param>
/// <param name="Pages">Pages indexed.</param>
/// <param name="Unreadable">Sidecars missing or not JSON.</param>
public sealed record FullTextRebuild(int Documents, int Pages, int Unreadable);
