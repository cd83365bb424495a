using System.Globalization;
using System.Text.Json;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>One JSON line per entry; the time in the form the chain hashes (<see cref="AuditChain.Time"/>).</summary>
internal static class AzureAuditLines
{
    /// <summary>How the audit log writes its JSON: the head blob and each line.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The line of <paramref name="record"/>, with its newline.</summary>
    public static byte[] Serialize(AuditRecord record)
    {
        AuditEntry e = record.Entry;
        var line = new AuditLine(record.Sequence, AuditChain.Time(e.At), e.Actor, e.Action, e.PersonKey, e.ProcedureCode, e.DossierCode, e.DocumentId, e.Outcome, record.PreviousHash, record.Hash);
        return [.. JsonSerializer.SerializeToUtf8Bytes(line, JsonOptions), (byte)'\n'];
    }

    /// <summary>Each line with its number (from 1) and its record, or null for a line that is not one.</summary>
    public static IEnumerable<(int LineNumber, AuditRecord? Record)> Parse(ReadOnlySpan<byte> content)
    {
        var lines = new List<(int, AuditRecord?)>();
        int number = 0;
        foreach (Range range in content.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = content[range];
            number++;
            if (line.IsEmpty && range.End.GetOffset(content.Length) == content.Length)
            {
                break;
            }

            lines.Add((number, TryParse(line)));
        }

        return lines;
    }

    /// <summary>The record of one line, or null when it is not one.</summary>
    private static AuditRecord? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            AuditLine? parsed = JsonSerializer.Deserialize<AuditLine>(line, JsonOptions);
            if (parsed is null || parsed.At is null || parsed.Actor is null || parsed.Action is null || parsed.Outcome is null || parsed.Prev is null || parsed.Hash is null)
            {
                return null;
            }

            var entry = new AuditEntry(DateTimeOffset.Parse(parsed.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), parsed.Actor, parsed.Action,
                parsed.PersonKey, parsed.Procedure, parsed.Dossier, parsed.Document, parsed.Outcome);
            return new AuditRecord(parsed.Seq, entry, parsed.Prev, parsed.Hash);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>One line of the audit log as JSON.</summary>
internal sealed record AuditLine(long Seq, string? At, string? Actor, string? Action, string? PersonKey, string? Procedure, string? Dossier, string? Document, string? Outcome, string? Prev, string? Hash);
