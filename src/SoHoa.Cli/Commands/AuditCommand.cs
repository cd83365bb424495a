using System.CommandLine;
using System.Text.Json;
using SoHoa.Pipeline;
using SoHoa.Storage;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa audit verify|show</c>: check the audit log's keyed chain, or print its entries.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var store = new CliStore();
        var verify = new Command("verify", "Check every entry of the audit log: an edited, reordered or removed entry, or a cut-off end, is reported (exit 1).");
        store.AddTo(verify);
        verify.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                AuditCheck check = await store.Open(parse, mustExist: true).AuditLog.VerifyAsync(cancellationToken);
                (check.Intact ? Console.Out : Console.Error).WriteLine((check.Intact ? "intact: " : "BROKEN: ") + check.Message);
                return check.Intact ? ExitCodes.Success : ExitCodes.Incomplete;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
        });

        var showStore = new CliStore();
        var from = new Option<DateTimeOffset?>("--from") { Description = "Only entries at or after this time (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Only entries at or before this time (ISO 8601)." };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema sohoa.audit/v1)." };
        var show = new Command("show", "Print the audit log's entries, oldest first: time, actor, action, procedure, dossier, document, outcome.") { from, to, json };
        showStore.AddTo(show);
        show.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var records = new List<AuditRecord>();
                await foreach (AuditRecord record in showStore.Open(parse, mustExist: true).AuditLog.ReadAsync(parse.GetValue(from), parse.GetValue(to), cancellationToken))
                {
                    records.Add(record);
                }

                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new { schema = "sohoa.audit/v1", entries = records.Select(r => new { r.Sequence, r.Entry.At, r.Entry.Actor, r.Entry.Action, r.Entry.PersonKey, r.Entry.ProcedureCode, r.Entry.DossierCode, r.Entry.DocumentId, r.Entry.Outcome, r.PreviousHash, r.Hash }) }, BatchResultJson.Options));
                }
                else
                {
                    foreach (AuditRecord r in records)
                    {
                        AuditEntry e = r.Entry;
                        Console.WriteLine($"{r.Sequence,6} {e.At:u} {e.Actor,-16} {e.Action,-6} {e.ProcedureCode ?? "-",-10} {e.DossierCode ?? "-",-26} {e.DocumentId ?? "-",-32} {e.Outcome}");
                    }
                }

                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Of(ex);
            }
        });

        return new Command("audit", "The audit log of every read for reuse.") { verify, show };
    }
}
