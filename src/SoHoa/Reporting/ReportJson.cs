using System.Text.Json;
using SoHoa.Pipeline;

namespace SoHoa.Reporting;

/// <summary>Writes a <see cref="DigitizationReport"/> as JSON (schema <c>sohoa.report/v1</c>), with the settings of every JSON SoHoa prints.</summary>
public static class ReportJson
{
    /// <summary>The report as UTF-8 JSON.</summary>
    public static byte[] Serialize(DigitizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeToUtf8Bytes(report, BatchResultJson.Options);
    }

    /// <summary>Reads a report written by <see cref="Serialize"/>.</summary>
    public static DigitizationReport Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<DigitizationReport>(json, BatchResultJson.Options) ?? throw new JsonException("The report is empty.");
}
