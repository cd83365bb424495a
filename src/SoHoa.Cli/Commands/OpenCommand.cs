using System.CommandLine;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa open &lt;document-id&gt;</c>: hand out a stored document for reuse, only after it is checked; audited.</summary>
internal static class OpenCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("document-id") { Description = "The stored document's id (from find, or result.json)." };
        var trust = new Option<FileInfo[]>("--trust") { Description = "A trust anchor certificate (PEM or DER) the document's signatures must chain to; repeat for several." };
        var actor = new Option<string?>("--actor") { Description = "Who is reading, for the audit log (default: the user name)." };
        var procedure = new Option<string?>("--procedure") { Description = "The procedure (mã TTHC) the document is reused for, for the audit log." };
        var dossier = new Option<string?>("--dossier") { Description = "The dossier (mã hồ sơ) the document is reused in, for the audit log." };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Judge validity on this day (yyyy-MM-dd); today in Vietnam (UTC+7) by default." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the PDF.", Required = true };
        var store = new CliStore();
        var command = new Command("open", "Write a stored document's PDF to --out, only when its bytes are unaltered, its signatures verify against --trust and it is valid on the day; otherwise say why. Every open is written to the audit log.")
        {
            id, trust, actor, procedure, dossier, asOf, output,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                IDocumentStore opened = store.Open(parse, mustExist: true);
                var reuse = new ReuseService(opened, CliStore.Verifier(parse.GetValue(trust) ?? []));
                var purpose = new ReadPurpose(parse.GetValue(actor) ?? Environment.UserName, parse.GetValue(procedure), parse.GetValue(dossier));
                ReuseOpening opening = await reuse.OpenAsync(parse.GetValue(id)!, purpose, parse.GetValue(asOf), cancellationToken: cancellationToken);
                if (!opening.Opened)
                {
                    Console.Error.WriteLine($"refused ({opening.RefusalCode}): {opening.Refusal}");
                    return ExitCodes.Incomplete;
                }

                FileInfo target = parse.GetValue(output)!;
                await File.WriteAllBytesAsync(target.FullName, opening.Pdf!, cancellationToken);
                StoredDocument document = opening.Document!.Document;
                Console.WriteLine($"{document.DocumentId}: {document.Kind} of dossier {document.DossierCode}, verified, written to {target.FullName}");
                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
        });
        return command;
    }
}
