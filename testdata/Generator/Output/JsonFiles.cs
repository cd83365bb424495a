using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoHoa.TestData.Generator.Output;

/// <summary>Writes indented UTF-8 JSON with Vietnamese letters as they are (not \u escapes) and a final newline.</summary>
internal static class JsonFiles
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken) =>
        WriteTextAsync(path, JsonSerializer.Serialize(value, Options), cancellationToken);

    public static Task WriteAsync(string path, JsonNode node, CancellationToken cancellationToken) =>
        WriteTextAsync(path, node.ToJsonString(Options), cancellationToken);

    private static Task WriteTextAsync(string path, string json, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return File.WriteAllTextAsync(path, json.Normalize(NormalizationForm.FormC) + "\n", new UTF8Encoding(false), cancellationToken);
    }
}
