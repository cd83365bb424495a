namespace SoHoa.Batches;

/// <summary>A scan batch's manifest (<c>batch.json</c>, schema <c>sohoa.batch/v1</c>) as read, before validation of identifiers and files.</summary>
/// <param name="BatchId">The batch's identifier, chosen by the scanning desk.</param>
/// <param name="Agency">The agency that received the dossiers.</param>
/// <param name="Dossiers">The dossiers in the batch, in manifest order.</param>
public sealed record BatchManifest(string BatchId, Agency Agency, IReadOnlyList<DossierEntry> Dossiers)
{
    /// <summary>The schema this version of SoHoa reads.</summary>
    public const string SchemaV1 = "sohoa.batch/v1";

    /// <summary>The manifest's file name inside a batch.</summary>
    public const string FileName = "batch.json";
}

/// <summary>An agency of the one-stop-shop system.</summary>
/// <param name="Code">The agency code, such as <c>000.00.01.H12</c>.</param>
/// <param name="Name">The agency's name, such as <c>UBND huyện Phụng Hiệp</c>.</param>
/// <param name="Level">The administrative level.</param>
public sealed record Agency(string Code, string Name, AgencyLevel Level);

/// <summary>The administrative level of an agency; digitization targets differ by level.</summary>
public enum AgencyLevel
{
    /// <summary>A ministry or ministerial agency.</summary>
    Ministry,

    /// <summary>A province or centrally-run city.</summary>
    Province,

    /// <summary>A district, town or provincial city.</summary>
    District,

    /// <summary>A commune, ward or township.</summary>
    Commune,
}

/// <summary>One dossier (hồ sơ) of a batch, as the manifest states it.</summary>
/// <param name="Index">The dossier's position in the manifest (0-based), for error messages.</param>
/// <param name="DossierCode">The dossier code as written.</param>
/// <param name="ProcedureCode">The procedure code as written.</param>
/// <param name="Applicant">The citizen the dossier belongs to.</param>
/// <param name="Documents">The documents of the dossier.</param>
public sealed record DossierEntry(int Index, string DossierCode, string ProcedureCode, Applicant Applicant, IReadOnlyList<DocumentEntry> Documents);

/// <summary>The citizen who submitted a dossier.</summary>
/// <param name="PersonalId">The 12-digit personal ID as written.</param>
/// <param name="FullName">The full name, if given.</param>
/// <param name="DateOfBirth">The date of birth, if given; checked against the personal ID.</param>
public sealed record Applicant(string PersonalId, string? FullName, DateOnly? DateOfBirth)
{
    /// <inheritdoc/>
    public override string ToString() => $"Applicant {{ PersonalId = {Identifiers.PersonalId.Mask(PersonalId)} }}";
}

/// <summary>One document (thành phần hồ sơ or kết quả) of a dossier.</summary>
/// <param name="Index">The document's position in its dossier (0-based), for error messages.</param>
/// <param name="Kind">The document kind, such as <c>birth-certificate</c>.</param>
/// <param name="Role">Whether the citizen handed it in or the agency issued it.</param>
/// <param name="Files">Page files relative to the batch folder, in page order.</param>
/// <param name="DocumentNumber">The number printed on the paper, if any.</param>
/// <param name="IssuedOn">The date the paper was issued, if known.</param>
/// <param name="ValidUntil">The last day the paper is valid, or null when it does not expire.</param>
public sealed record DocumentEntry(
    int Index,
    string Kind,
    DocumentRole Role,
    IReadOnlyList<string> Files,
    string? DocumentNumber,
    DateOnly? IssuedOn,
    DateOnly? ValidUntil)
{
    /// <summary>
    /// Instead of <see cref="Files"/> (then empty): an earlier stored document to reuse in this dossier, so the citizen
    /// brings nothing. Null for a document digitized from files.
    /// </summary>
    public ReuseReference? Reuse { get; init; }
}

/// <summary>An earlier stored document a manifest reuses: by its id, or the applicant's newest valid one of a kind.</summary>
/// <param name="DocumentId">The stored document's id, or null.</param>
/// <param name="Kind">The kind whose newest valid, verified document of the applicant is taken, or null.</param>
public sealed record ReuseReference(string? DocumentId, string? Kind);

/// <summary>Where a document came from.</summary>
public enum DocumentRole
{
    /// <summary>A paper the citizen handed in, digitized at the desk.</summary>
    Input,

    /// <summary>A result the agency issues.</summary>
    Result,
}

/// <summary>The one spelling of <see cref="DocumentRole"/> wherever it is written down: manifests, PDF metadata, sidecars, indexes and ledgers.</summary>
public static class DocumentRoles
{
    /// <summary>How <see cref="DocumentRole.Input"/> is written.</summary>
    public const string Input = "input";

    /// <summary>How <see cref="DocumentRole.Result"/> is written.</summary>
    public const string Result = "result";

    /// <summary>The written name of <paramref name="role"/>.</summary>
    public static string NameOf(DocumentRole role) => role == DocumentRole.Input ? Input : Result;

    /// <summary>The role a stored name stands for; null for a name that is neither.</summary>
    public static DocumentRole? FromName(string? name) => name switch
    {
        Input => DocumentRole.Input,
        Result => DocumentRole.Result,
        _ => null,
    };
}
