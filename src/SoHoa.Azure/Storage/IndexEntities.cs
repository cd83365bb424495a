using System.Globalization;
using Azure.Data.Tables;
using SoHoa.Batches;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// The reuse index's rows in the Azure Table. Each document has two, with the same properties:
/// <list type="bullet">
/// <item>the citizen's row: PartitionKey = the citizen's person key (HMAC-SHA256 of the personal ID under the index key),
/// RowKey = document id, so a citizen's documents are one partition query however large the store grows;</item>
/// <item>the id row: PartitionKey = <c>doc-</c> and the first two characters of the id, RowKey = document id, with the
/// person key as a property, so a document is found by its id with one point read (never a table scan).</item>
/// </list>
/// A person key is 64 hex digits, so it never starts with <c>doc-</c>. No property holds a personal ID.
/// </summary>
internal static class IndexEntities
{
    public const string ByIdPrefix = "doc-";

    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The partition of a document's id row.</summary>
    public static string ByIdPartition(string documentId) => ByIdPrefix + (documentId.Length > 2 ? documentId[..2] : documentId);

    /// <summary>True when <paramref name="key"/> can be a PartitionKey or RowKey: 1-255 characters, none of '/', '\', '#', '?' or a control character.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= 255 } && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The row of <paramref name="document"/> in partition <paramref name="partitionKey"/>.</summary>
    public static TableEntity ToEntity(string partitionKey, StoredDocument document)
    {
        var entity = new TableEntity(partitionKey, document.DocumentId)
        {
            ["PersonKey"] = document.OwnerKey,
            ["AgencyCode"] = document.AgencyCode,
            ["DossierCode"] = document.DossierCode,
            ["ProcedureCode"] = document.ProcedureCode,
            ["Kind"] = document.Kind,
            ["Role"] = DocumentRoles.NameOf(document.Role),
            ["PdfPath"] = document.PdfPath,
            ["SidecarPath"] = document.SidecarPath,
            ["PdfSha256"] = document.PdfSha256,
            ["PageCount"] = document.PageCount,
            ["BatchId"] = document.BatchId,

            // A string, not Edm.DateTime: the round-trip form keeps every digit of the time.
            ["StoredAt"] = document.StoredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        };
        SetIfAny(entity, "DocumentNumber", document.DocumentNumber);
        SetIfAny(entity, "IssuedOn", document.IssuedOn?.ToString(DateFormat, CultureInfo.InvariantCulture));
        SetIfAny(entity, "ValidUntil", document.ValidUntil?.ToString(DateFormat, CultureInfo.InvariantCulture));
        SetIfAny(entity, "SignatureLevel", document.SignatureLevel);
        SetIfAny(entity, "ReusedFrom", document.ReusedFrom);
        SetIfAny(entity, "PaperReview", document.PaperReview);
        return entity;
    }

    /// <summary>The document a row describes.</summary>
    public static StoredDocument FromEntity(TableEntity entity) =>
        new(
            entity.RowKey,
            Required(entity, "AgencyCode"),
            Required(entity, "DossierCode"),
            Required(entity, "ProcedureCode"),
            Required(entity, "Kind"),
            DocumentRoles.FromName(Required(entity, "Role")) ?? DocumentRole.Result,
            entity.GetString("DocumentNumber"),
            entity.GetString("IssuedOn") is { } issued ? DateOnly.ParseExact(issued, DateFormat, CultureInfo.InvariantCulture) : null,
            entity.GetString("ValidUntil") is { } valid ? DateOnly.ParseExact(valid, DateFormat, CultureInfo.InvariantCulture) : null,
            Required(entity, "PdfPath"),
            Required(entity, "SidecarPath"),
            Required(entity, "PdfSha256"),
            entity.GetInt32("PageCount") ?? 0,
            Required(entity, "BatchId"),
            DateTimeOffset.Parse(Required(entity, "StoredAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
        {
            OwnerKey = entity.GetString("PersonKey"),
            SignatureLevel = entity.GetString("SignatureLevel"),
            ReusedFrom = entity.GetString("ReusedFrom"),
            PaperReview = entity.GetString("PaperReview"),
        };

    private static void SetIfAny(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static string Required(TableEntity entity, string name) =>
        entity.GetString(name) ?? throw new SoHoaException(SoHoaErrorCode.Storage, $"The index row of document {entity.RowKey} has no {name}: it was not written by SoHoa.");
}
