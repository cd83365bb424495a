namespace SoHoa.TestData.Generator.Output;

/// <summary>batch.json, schema "sohoa.batch/v1" (DESIGN.md §3). Property order is the order written.</summary>
internal sealed record BatchManifest(string Schema, string BatchId, ManifestAgency Agency, IReadOnlyList<ManifestDossier> Dossiers)
{
    public const string SchemaName = "sohoa.batch/v1";
}

internal sealed record ManifestAgency(string Code, string Name, string Level);

internal sealed record ManifestDossier(string DossierCode, string ProcedureCode, ManifestApplicant Applicant, IReadOnlyList<ManifestDocument> Documents);

internal sealed record ManifestApplicant(string PersonalId, string FullName);

/// <summary>A document: its kind, role (<c>input</c> or <c>result</c>) and page files relative to the batch folder.</summary>
internal sealed record ManifestDocument(
    string Kind,
    string Role,
    IReadOnlyList<string> Files,
    string? DocumentNumber,
    DateOnly? IssuedOn,
    DateOnly? ValidUntil);
