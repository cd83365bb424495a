using System.CommandLine;
using System.Text.Json;
using SoHoa.Identifiers;
using SoHoa.Pipeline;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa find --personal-id &lt;id&gt;</c>: list a citizen's stored documents, each judged for reuse, auditing the read.</summary>
internal static class FindCommand
{
    public static Command Create()
    {
        var personalId = new Option<string>("--personal-id") { Description = "The citizen's 12-digit personal ID.", Required = true };
        var kind = new Option<string?>("--kind") { Description = "Only documents of this kind, such as birth-certificate." };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Judge validity on this day (yyyy-MM-dd); today in Vietnam (UTC+7) by default." };
        var trust = new Option<FileInfo[]>("--trust") { Description = "A trust anchor certificate (PEM or DER) the documents' signatures must chain to; repeat for several." };
        var actor = new Option<string?>("--actor") { Description = "Who is reading, for the audit log (default: the user name)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema sohoa.find/v1)." };
        var store = new CliStore();
        var command = new Command("find", "List a citizen's stored documents: those that may be reused (valid on the day, unaltered, signatures verified against --trust) and the others with the reason. Every read is written to the audit log.")
        {
            personalId, kind, asOf, trust, actor, json,
        };
        store.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, store, parse.GetValue(personalId)!, parse.GetValue(kind), parse.GetValue(asOf), parse.GetValue(trust) ?? [],
            parse.GetValue(actor) ?? Environment.UserName, parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliStore stores, string personalId, string? kind, DateOnly? asOf, FileInfo[] trust, string actor, bool json, CancellationToken cancellationToken)
    {
        IdentifierCheck check = PersonalId.TryParse(personalId, null, out PersonalId? owner);
        if (owner is null)
        {
            Console.Error.WriteLine($"error: --personal-id: {check.Message!.Replace(personalId, PersonalId.Mask(personalId), StringComparison.Ordinal)}");
            return ExitCodes.Usage;
        }

        try
        {
            IDocumentStore store = stores.Open(parse, mustExist: true);
            var reuse = new ReuseService(store, CliStore.Verifier(trust));
            ReuseFindResult found = await reuse.FindAsync(owner.Value, kind, asOf, new ReadPurpose(actor), cancellationToken);
            ReusableDocument[] all = [.. found.Reusable, .. found.LeftOut];
            if (json)
            {
                var output = new
                {
                    schema = "sohoa.find/v1",
                    personalId = owner.Value.ToString(),
                    kind,
                    asOf = asOf ?? reuse.Today,
                    documents = all.Select(d => new
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
                        pdf = store is FolderDocumentStore folder ? folder.FullPath(d.Document.PdfPath) : d.Document.PdfPath,
                        d.Document.PdfPath,
                        d.Document.SignatureLevel,
                        d.Document.ReusedFrom,
                        d.Document.PaperReview,
                        validOnDate = d.IsValidOnDate,
                        d.HashMatches,
                        d.SignatureValid,
                        d.IsReusable,
                        d.RefusalCode,
                        d.Refusal,
                    }),
                };
                Console.WriteLine(JsonSerializer.Serialize(output, BatchResultJson.Options));
            }
            else
            {
                Console.WriteLine($"{all.Length} document(s) for {owner.Value}{(kind is null ? string.Empty : $" of kind {kind}")}, {found.Reusable.Count} reusable:");
                foreach (ReusableDocument d in all)
                {
                    string state = d.IsReusable ? "reusable" : d.RefusalCode!;
                    Console.WriteLine($"  {state,-24} {d.Document.Kind,-22} {d.Document.DossierCode}  {d.Document.DocumentNumber ?? "-",-12} {d.Document.DocumentId}");
                    if (d.Refusal is not null)
                    {
                        Console.WriteLine($"  {string.Empty,-24} {d.Refusal}");
                    }
                }
            }

            return all.Length > 0 ? ExitCodes.Success : ExitCodes.Incomplete;
        }
        catch (SoHoaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Of(ex);
        }
    }
}
