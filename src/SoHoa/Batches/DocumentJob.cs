using SoHoa.Identifiers;

namespace SoHoa.Batches;

/// <summary>A validated document ready for digitization: identifiers checked, files found inside the batch.</summary>
/// <param name="BatchId">The batch it came in.</param>
/// <param name="DossierIndex">The dossier's position in the manifest, for error messages.</param>
/// <param name="Agency">The receiving agency.</param>
/// <param name="DossierCode">The dossier.</param>
/// <param name="ProcedureCode">The procedure the dossier is for.</param>
/// <param name="PersonalId">The citizen.</param>
/// <param name="ApplicantName">The citizen's name, when given.</param>
/// <param name="Document">The manifest entry.</param>
/// <param name="Files">The page files, in page order.</param>
public sealed record DocumentJob(
    string BatchId,
    int DossierIndex,
    Agency Agency,
    DossierCode DossierCode,
    ProcedureCode ProcedureCode,
    PersonalId PersonalId,
    string? ApplicantName,
    DocumentEntry Document,
    IReadOnlyList<PageFile> Files)
{
    /// <summary>Where the batch's files are read from.</summary>
    public required IBatchFiles Source { get; init; }

    /// <summary>The citizen's date of birth, when the manifest gives it.</summary>
    public DateOnly? ApplicantDateOfBirth { get; init; }

    /// <summary>A short label for messages: dossier, document index and kind.</summary>
    public string Label => $"{DossierCode.Value} document {Document.Index} ({Document.Kind})";
}

/// <summary>A page file of a document.</summary>
/// <param name="RelativePath">The path as the manifest gives it, by which its batch's <see cref="IBatchFiles"/> opens it.</param>
/// <param name="Format">The format its bytes have.</param>
/// <param name="Length">Its size in bytes when the batch was checked (it is read again, within the size limit, when digitized).</param>
public sealed record PageFile(string RelativePath, PageFileFormat Format, long Length);

/// <summary>A document of the manifest that will not be processed, and why.</summary>
/// <param name="DossierCode">The dossier code as written.</param>
/// <param name="DocumentIndex">The document's position in its dossier, or null when a whole dossier is refused.</param>
/// <param name="Kind">The document kind, when known.</param>
/// <param name="Problems">Why.</param>
public sealed record RejectedDocument(string? DossierCode, int? DocumentIndex, string? Kind, IReadOnlyList<InputProblem> Problems);

/// <summary>
/// A batch after validation: the documents to process and the ones refused. Public, with <see cref="BatchLoader"/>, so
/// that a batch can be checked before it is sent anywhere (<c>sohoa submit</c> does, from SoHoa.Azure, and refuses a
/// batch that has any problem); immutable.
/// </summary>
/// <param name="BatchId">The batch id (or folder name when the manifest gave none).</param>
/// <param name="Files">Where the batch's files are read from.</param>
/// <param name="Agency">The receiving agency, when the manifest could be read.</param>
/// <param name="Jobs">Valid documents.</param>
/// <param name="Rejected">Refused documents and dossiers, each with its reasons.</param>
public sealed record BatchPlan(string BatchId, IBatchFiles Files, Agency? Agency, IReadOnlyList<DocumentJob> Jobs, IReadOnlyList<RejectedDocument> Rejected);
