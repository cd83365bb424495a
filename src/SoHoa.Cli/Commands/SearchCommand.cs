using System.CommandLine;
using System.Text.Json;
using SoHoa.Identifiers;
using SoHoa.Pipeline;
using SoHoa.Reuse;
using SoHoa.Search;
using SoHoa.Storage;
using SoHoa.Storage.FullText;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa search "&lt;query&gt;"</c>: full-text search over the stored documents' OCR text, audited; <c>--rebuild</c> makes the index again.</summary>
internal static partial class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string?>("query") { Description = "Words, \"phrases\" and prefixes* to find; diacritics, case and đ/Đ are ignored unless --exact.", Arity = ArgumentArity.ZeroOrOne };
        var exact = new Option<bool>("--exact") { Description = "Match diacritics exactly (Nguyễn does not find Nguyên); case is still ignored." };
        var kind = new Option<string?>("--kind") { Description = "Only documents of this kind, such as birth-certificate." };
        var agency = new Option<string?>("--agency") { Description = "Only documents digitized by this agency (its code, such as 000.00.01.H12)." };
        var personalId = new Option<string?>("--personal-id") { Description = "Only this citizen's documents." };
        var from = new Option<DateOnly?>("--from") { Description = "Only documents stored on or after this day (yyyy-MM-dd, in Vietnam)." };
        var to = new Option<DateOnly?>("--to") { Description = "Only documents stored on or before this day (yyyy-MM-dd, in Vietnam)." };
        var limit = new Option<int>("--limit") { Description = $"How many documents to show at most, best first (1 to {SearchRequest.MaxLimit}).", DefaultValueFactory = _ => 20 };
        var actor = new Option<string?>("--actor") { Description = "Who is searching, for the audit log (default: the user name)." };
        var procedure = new Option<string?>("--procedure") { Description = "The procedure (mã TTHC) the search serves, for the audit log." };
        var dossier = new Option<string?>("--dossier") { Description = "The dossier (mã hồ sơ) the search serves, for the audit log." };
        var rebuild = new Option<bool>("--rebuild") { Description = "Make the full-text index again from the stored sidecars first (after an upgrade, or to repair it)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema sohoa.search/v1)." };
        var store = new CliStore();
        var command = new Command("search", "Search the OCR text of the stored documents, ranked, with the best page and a snippet of each. Only the folder store has a full-text index. Every search is written to the audit log.")
        {
            query, exact, kind, agency, personalId, from, to, limit, actor, procedure, dossier, rebuild, json,
        };
        store.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(query) is null && !result.GetValue(rebuild))
            {
                result.AddError("Give a query to search for, or --rebuild.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? text = parse.GetValue(query);
            PersonalId? owner = null;
            if (parse.GetValue(personalId) is { } given)
            {
                IdentifierCheck check = PersonalId.TryParse(given, null, out owner);
                if (owner is null)
                {
                    Console.Error.WriteLine($"error: --personal-id: {check.Message!.Replace(given, PersonalId.Mask(given), StringComparison.Ordinal)}");
                    return ExitCodes.Usage;
                }
            }

            if (CliStore.IsConnectionString(store.LocationOf(parse)))
            {
                // Said before the store is opened: the Azure store has no full-text index (README.md, "Full-text search").
                Console.Error.WriteLine("error: full-text search is not available on an Azure store: only the folder store (SQLite FTS5) keeps a full-text index. See README.md, \"Full-text search\", for what search at that scale would take.");
                return ExitCodes.Usage;
            }

            try
            {
                var search = new DocumentSearch(store.Open(parse, mustExist: true));
                if (parse.GetValue(rebuild))
                {
                    FullTextRebuild rebuilt = await search.RebuildIndexAsync(cancellationToken);
                    (text is null || parse.GetValue(json) ? Console.Error : Console.Out).WriteLine(
                        $"full-text index rebuilt: {rebuilt.Documents} document(s), {rebuilt.Pages} page(s)" + (rebuilt.Unreadable > 0 ? $"; {rebuilt.Unreadable} sidecar(s) missing or unreadable, their documents are not searchable" : string.Empty));
                    if (text is null)
                    {
                        return rebuilt.Unreadable > 0 ? ExitCodes.Incomplete : ExitCodes.Success;
                    }
                }

                var request = new SearchRequest(text!)
                {
                    Exact = parse.GetValue(exact),
                    Kind = parse.GetValue(kind),
                    AgencyCode = parse.GetValue(agency),
                    Owner = owner,
                    From = parse.GetValue(from),
                    To = parse.GetValue(to),
                    Limit = parse.GetValue(limit),
                };
                var purpose = new ReadPurpose(parse.GetValue(actor) ?? Environment.UserName, parse.GetValue(procedure), parse.GetValue(dossier));
                SearchResults results = await search.SearchAsync(request, purpose, cancellationToken);
                Print(results, request, store.LocationOf(parse), parse.GetValue(json));
                return results.Hits.Count > 0 ? ExitCodes.Success : ExitCodes.Incomplete;
            }
            catch (SearchQueryException ex)
            {
                // A query that cannot be run is input the command rejects (exit 1), like a rejected document.
                Console.Error.WriteLine($"error: the query cannot be run: {ex.Message}");
                return ExitCodes.Incomplete;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
        });
        return command;
    }

    private static void Print(SearchResults results, SearchRequest request, string root, bool json)
    {
        if (json)
        {
            var output = new
            {
                schema = "sohoa.search/v1",
                query = MaskedIds().Replace(results.Query.Text, m => PersonalId.Mask(m.Value)),
                request.Exact,
                request.Kind,
                agency = request.AgencyCode,
                personalId = request.Owner?.ToString(),
                request.From,
                request.To,
                results.TotalDocuments,
                results.IndexComplete,
                results.Capped,
                hits = results.Hits.Select(h => new
                {
                    h.Document.DocumentId,
                    h.Document.Kind,
                    h.Document.Role,
                    h.Document.AgencyCode,
                    h.Document.DossierCode,
                    h.Document.ProcedureCode,
                    h.Document.DocumentNumber,
                    h.Document.IssuedOn,
                    h.Document.StoredAt,
                    h.Document.PdfPath,
                    pdf = Path.Combine(root, h.Document.PdfPath),
                    h.Page,
                    h.Pages,
                    h.Score,
                    snippet = h.Snippet.Text,
                    h.Snippet.Highlights,
                }),
            };
            Console.WriteLine(JsonSerializer.Serialize(output, BatchResultJson.Options));
        }
        else
        {
            Console.WriteLine($"{(results.Capped ? "at least " : string.Empty)}{results.TotalDocuments} document(s) match{(results.Hits.Count < results.TotalDocuments ? $", the best {results.Hits.Count} shown" : string.Empty)}:");
            foreach (SearchHit hit in results.Hits)
            {
                string pages = hit.Pages.Count > 1 ? $" (also {string.Join(", ", hit.Pages.Where(p => p != hit.Page))})" : string.Empty;
                Console.WriteLine($"  {hit.Document.Kind,-22} {hit.Document.DossierCode}  page {hit.Page}{pages}  {hit.Document.DocumentId}");
                Console.WriteLine($"    {hit.Snippet.Marked()}");
            }
        }

        if (results.Capped)
        {
            Console.Error.WriteLine($"note: more than {DocumentSearch.RankWindow} pages match; the newest of them were searched (and the newest pages where the words stand together). A \"phrase\", --kind, --agency or --from narrows the search so that all are ranked.");
        }

        if (!results.IndexComplete)
        {
            Console.Error.WriteLine("warning: the full-text index does not cover every stored document yet (a store made before it, or a rebuild that did not finish): run `sohoa search --rebuild`.");
        }
    }

    /// <summary>A 12-digit number in the query, echoed masked as every personal ID SoHoa prints.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![0-9])[0-9]{12}(?![0-9])")]
    private static partial System.Text.RegularExpressions.Regex MaskedIds();
}
