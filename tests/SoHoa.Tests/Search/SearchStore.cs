using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.Reuse;
using SoHoa.Search;
using SoHoa.Storage;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Search;

/// <summary>A real folder store in a temp folder, with documents stored through <see cref="FolderDocumentStore.StoreAsync"/> from sidecars holding the given page texts.</summary>
internal sealed class SearchStore : IDisposable
{
    public static readonly PersonalId Citizen = PersonalId.Parse("093090001234");
    public static readonly ReadPurpose Officer = new("officer.an", "1.001612", "000.00.01.H12-261203-0001");
    private readonly TempDirectory _folder = new();
    private int _count;

    public SearchStore()
    {
        Store = FolderDocumentStore.Open(_folder.Path);
        Search = new DocumentSearch(Store);
    }

    public FolderDocumentStore Store { get; }

    public DocumentSearch Search { get; }

    public string Path => _folder.Path;

    /// <summary>Stores a document whose PDF pages have <paramref name="pages"/> as text (null: a blank page left out of the PDF); returns its id.</summary>
    public async Task<string> AddAsync(string?[] pages, string kind = "birth-certificate", string agency = "000.00.01.H12", DateTimeOffset? storedAt = null, PersonalId? owner = null)
    {
        int n = ++_count;
        string id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{n}|{string.Join('|', pages)}")))[..32];
        DateTimeOffset at = storedAt ?? new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero).AddMinutes(n);
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        string dossier = string.Create(CultureInfo.InvariantCulture, $"{agency}-{at:yyMMdd}-{n:D4}");
        byte[] pdf = Encoding.ASCII.GetBytes($"%PDF-1.7\n% {id}\n%%EOF\n");
        var document = new StoredDocument(id, agency, dossier, "1.001612", kind, DocumentRole.Input, null, null, null,
            DocumentPaths.Pdf(agency, day, dossier, id), DocumentPaths.Sidecar(agency, day, dossier, id), Convert.ToHexStringLower(SHA256.HashData(pdf)), pages.Length, "TEST", at);
        await Store.StoreAsync(document, owner ?? Citizen, pdf, Sidecar(id, pages));
        return id;
    }

    /// <summary>A sidecar of schema sohoa.document/v1 with only what the index reads: per page its number, whether it is in the PDF, and its text.</summary>
    public static byte[] Sidecar(string id, string?[] pages) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            schema = "sohoa.document/v1",
            documentId = id,
            pages = pages.Select((text, i) => new { number = i + 1, inPdf = text is not null, blank = text is null, text = text ?? string.Empty }),
        });

    public Task<SearchResults> FindAsync(string query, bool exact = false) => Search.SearchAsync(new SearchRequest(query) { Exact = exact }, Officer);

    public async Task<string[]> IdsAsync(SearchRequest request) => (await Search.SearchAsync(request, Officer)).Hits.Select(h => h.Document.DocumentId).ToArray();

    public void Dispose() => _folder.Dispose();
}
