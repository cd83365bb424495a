using System.CommandLine;
using System.Text.Json;
using SoHoa.Identifiers;
using SoHoa.Pipeline;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa find --personal-id &lt;id&gt;</c>: list a citizen's stored documents, auditing the read.</summary>
internal static class FindCommand
{
    public static Command Create()
    {
        var personalId = new Option<string>("--personal-id") { Description = "The citizen's 12-digit personal ID.", Required = true };
        var kind = new Option<string?>("--kind") { Description = "Only documents of this kind, such as birth-certificate." };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Judge validity on this day (yyyy-MM-dd); today by default." };
        var store = new Option<string?>("--store") { Description = "The document store folder (default: the store under the user's SoHoa data folder)." };
        var actor = new Option<string?>("--actor") { Description = "Who is reading, for the audit log (default: the user name)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema sohoa.find/v1)." };
        var command = new Command("find", "List a citizen's stored documents with their validity and integrity checks; every read is written to the audit log.")
        {
            personalId, kind, asOf, store, actor, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(personalId)!, parse.GetValue(kind), parse.GetValue(asOf), parse.GetValue(store) ?? CliEnvironment.DefaultStore,
            parse.GetValue(actor) ?? Environment.UserName, parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string personalId, string? kind, DateOnly? asOf, string store, string actor, bool json, CancellationToken cancellationToken)
    {
        IdentifierCheck check = PersonalId.TryParse(personalId, null, out PersonalId? owner);
        if (owner is null)
        {
            Console.Error.WriteLine($"error: --personal-id: {check.Message!.Replace(personalId, PersonalId.Mask(personalId), StringComparison.Ordinal)}");
            return ExitCodes.Usage;
        }

        if (!Directory.Exists(store))
        {
            Console.Error.WriteLine($"error: there is no document store at '{store}'.");
            return ExitCodes.Storage;
        }

        try
        {
            var reuse = new ReuseService(FolderDocumentStore.Open(store));
            IReadOnlyList<ReusableDocument> found = await reuse.FindAsync(owner.Value, kind, asOf, new ReadPurpose(actor), cancellationToken);
            if (json)
            {
                var output = new
                {
                    schema = "sohoa.find/v1",
                    personalId = owner.Value.ToString(),
                    kind,
                    documents = found.Select(d => new
                    {
                        d.Document.DocumentId,
                        d.Document.Kind,
                        d.Document.Role,
                        d.Document.AgencyCode,
                        d.Document.DossierCode,
                        d.Document.ProcedureCode,
                        d.Document.DocumentNumber,
                        d.Document.IssuedOn,
                        d.Document.ValidUntil,
                        d.Document.PageCount,
                        d.Document.PdfSha256,
                        d.Document.StoredAt,
                        pdf = d.PdfFullPath,
                        validOnDate = d.IsValidOnDate,
                        d.HashMatches,
                    }),
                };
                Console.WriteLine(JsonSerializer.Serialize(output, BatchResultJson.Options));
            }
            else
            {
                Console.WriteLine($"{found.Count} document(s) for {owner.Value}{(kind is null ? string.Empty : $" of kind {kind}")}:");
                foreach (ReusableDocument d in found)
                {
                    string state = !d.HashMatches ? "ALTERED" : d.IsValidOnDate ? "valid" : "EXPIRED";
                    Console.WriteLine($"  {state,-8} {d.Document.Kind,-22} {d.Document.DossierCode}  {d.Document.DocumentNumber ?? "-",-12} {d.PdfFullPath}");
                }
            }

            return found.Count > 0 ? ExitCodes.Success : ExitCodes.Incomplete;
        }
        catch (SoHoaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Of(ex);
        }
    }
}
