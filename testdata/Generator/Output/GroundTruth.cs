using System.Text;
using System.Text.Json.Nodes;
using SoHoa.TestData.Generator.Content;
using SoHoa.TestData.Generator.Content.Documents;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Output;

/// <summary>Where one page of a document ended up: a file, a frame in it (1-based), and its ground-truth text file.</summary>
internal sealed record PageLocation(string File, int Frame, string Truth, bool Blank);

/// <summary>
/// Writes the ground truth: per page <c>.gt.txt</c> (the text lines in reading order, NFC, one per line; empty
/// for a blank page) and per document <c>.fields.json</c> (the facts a reader should extract).
/// </summary>
internal static class GroundTruth
{
    public static Task WritePageAsync(string path, PageLayout? page, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string text = page is null ? string.Empty : string.Concat(page.TextLines.Select(line => line + "\n"));
        return File.WriteAllTextAsync(path, text.Normalize(NormalizationForm.FormC), new UTF8Encoding(false), cancellationToken);
    }

    public static Task WriteFieldsAsync(string path, ComposedDocument document, string? role, IEnumerable<PageLocation> pages, CancellationToken cancellationToken)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in document.Fields)
        {
            fields[name] = value;
        }

        var json = new JsonObject
        {
            ["kind"] = document.Kind.Slug(),
            ["role"] = role,
            ["documentNumber"] = document.DocumentNumber,
            ["issuedOn"] = DocumentParts.Iso(document.IssuedOn),
            ["validUntil"] = document.ValidUntil is { } until ? DocumentParts.Iso(until) : null,
            ["fields"] = fields,
            ["pages"] = new JsonArray([.. pages.Select(page => (JsonNode)new JsonObject
            {
                ["file"] = page.File,
                ["frame"] = page.Frame,
                ["truth"] = page.Truth,
                ["blank"] = page.Blank,
            })]),
        };
        if (role is null)
        {
            json.Remove("role");
        }

        return JsonFiles.WriteAsync(path, json, cancellationToken);
    }
}
