using System.Globalization;

namespace SoHoa.Storage;

/// <summary>
/// Where things live inside a store, the same on every backend (DESIGN §7): a document at
/// <c>{agency}/{yyyy}/{MM}/{dossier code}/{document id}.pdf</c> with its sidecar beside it (<c>.json</c>), a batch's
/// result at <c>batches/{batch id}/result.json</c>. Paths use '/' and never hold a personal ID.
/// </summary>
public static class DocumentPaths
{
    /// <summary>The store path of a document's PDF.</summary>
    public static string Pdf(string agencyCode, DateOnly receivedOn, string dossierCode, string documentId) =>
        Of(agencyCode, receivedOn, dossierCode, documentId, ".pdf");

    /// <summary>The store path of a document's sidecar JSON.</summary>
    public static string Sidecar(string agencyCode, DateOnly receivedOn, string dossierCode, string documentId) =>
        Of(agencyCode, receivedOn, dossierCode, documentId, ".json");

    /// <summary>The store path of a batch's result, with the batch id made safe for a path.</summary>
    public static string BatchResult(string batchId) => $"batches/{SafeSegment(batchId)}/result.json";

    /// <summary>A path segment with nothing but letters, digits, '.', '-' and '_'; anything else becomes '_'.</summary>
    public static string SafeSegment(string value)
    {
        string safe = new(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.TrimStart('.') is { Length: > 0 } trimmed ? trimmed : "_";
    }

    private static string Of(string agencyCode, DateOnly receivedOn, string dossierCode, string documentId, string extension) =>
        string.Join('/', SafeSegment(agencyCode), receivedOn.ToString("yyyy", CultureInfo.InvariantCulture), receivedOn.ToString("MM", CultureInfo.InvariantCulture),
            SafeSegment(dossierCode), SafeSegment(documentId) + extension);
}
