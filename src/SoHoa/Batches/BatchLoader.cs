using System.Globalization;
using System.Text.RegularExpressions;
using SoHoa.Identifiers;

namespace SoHoa.Batches;

/// <summary>
/// Turns a batch (a folder, or any <see cref="IBatchFiles"/>) into a <see cref="BatchPlan"/>: reads the manifest, checks every identifier and file,
/// and sorts the documents into jobs and refusals. It never throws for bad input: everything wrong is a refusal with its reason.
/// </summary>
public static partial class BatchLoader
{
    /// <summary>Loads and validates the batch in <paramref name="batchDirectory"/>.</summary>
    public static Task<BatchPlan> LoadAsync(string batchDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchDirectory);
        return LoadAsync(new FolderBatchFiles(batchDirectory), cancellationToken);
    }

    /// <summary>Loads and validates the batch <paramref name="files"/> holds.</summary>
    public static async Task<BatchPlan> LoadAsync(IBatchFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ManifestReadResult read = await BatchManifestReader.ReadAsync(files, cancellationToken).ConfigureAwait(false);
        var rejected = GroupReaderProblems(read);
        if (read.Manifest is null)
        {
            return new BatchPlan(read.BatchId, files, null, [], rejected);
        }

        BatchManifest manifest = read.Manifest;
        var duplicates = manifest.Dossiers
            .GroupBy(d => d.DossierCode, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Index).ToArray(), StringComparer.Ordinal);

        var jobs = new List<DocumentJob>();
        foreach (DossierEntry dossier in manifest.Dossiers)
        {
            var dossierProblems = new List<InputProblem>();
            void Problem(string field, string rule, string message) =>
                dossierProblems.Add(new InputProblem(manifest.BatchId, dossier.DossierCode, null, $"dossiers[{dossier.Index}].{field}", rule, message));

            if (duplicates.TryGetValue(dossier.DossierCode, out int[]? indexes))
            {
                Problem("dossierCode", InputRules.DossierCodeDuplicate,
                    $"Dossier code {dossier.DossierCode} appears {indexes.Length} times (dossiers {string.Join(", ", indexes)}); none of them is processed until the manifest is corrected.");
            }

            IdentifierCheck codeCheck = DossierCode.TryParse(dossier.DossierCode, out DossierCode? dossierCode);
            if (!codeCheck.IsValid)
            {
                Problem("dossierCode", "dossier-code." + codeCheck.Rule, codeCheck.Message!);
            }

            IdentifierCheck procedureCheck = ProcedureCode.TryParse(dossier.ProcedureCode, out ProcedureCode? procedureCode);
            if (!procedureCheck.IsValid)
            {
                Problem("procedureCode", "procedure-code." + procedureCheck.Rule, procedureCheck.Message!);
            }

            IdentifierCheck idCheck = PersonalId.TryParse(dossier.Applicant.PersonalId, dossier.Applicant.DateOfBirth, out PersonalId? personalId);
            if (!idCheck.IsValid)
            {
                // The message may quote the ID: mask it, since results and logs must not carry raw personal IDs.
                string message = idCheck.Message!.Replace(dossier.Applicant.PersonalId, PersonalId.Mask(dossier.Applicant.PersonalId), StringComparison.Ordinal);
                Problem("applicant.personalId", "personal-id." + idCheck.Rule, message);
            }

            if (dossierCode is not null && dossier.Applicant.DateOfBirth is { } born && born > dossierCode.Value.ReceivedOn)
            {
                Problem("applicant.dateOfBirth", InputRules.ApplicantDates,
                    $"The applicant's date of birth {Day(born)} is after the day the dossier was received ({Day(dossierCode.Value.ReceivedOn)}, from its code).");
            }

            foreach (DocumentEntry document in dossier.Documents)
            {
                var problems = new List<InputProblem>(dossierProblems);
                foreach ((string field, string message) in DateProblems(document, dossierCode?.ReceivedOn))
                {
                    problems.Add(new InputProblem(manifest.BatchId, dossier.DossierCode, null, $"dossiers[{dossier.Index}].documents[{document.Index}].{field}", InputRules.DocumentDates, message));
                }

                var pageFiles = new List<PageFile>();
                for (int i = 0; i < document.Files.Count; i++)
                {
                    string field = $"dossiers[{dossier.Index}].documents[{document.Index}].files[{i}]";
                    (PageFile? file, string? rule, string? message) = await LookAtAsync(files, document.Files[i], cancellationToken).ConfigureAwait(false);
                    if (file is null)
                    {
                        problems.Add(new InputProblem(manifest.BatchId, dossier.DossierCode, document.Files[i], field, rule!, message!));
                    }
                    else
                    {
                        pageFiles.Add(file);
                    }
                }

                if (problems.Count > 0 || dossierCode is null || procedureCode is null || personalId is null)
                {
                    rejected.Add(new RejectedDocument(dossier.DossierCode, document.Index, document.Kind, problems));
                    continue;
                }

                jobs.Add(new DocumentJob(manifest.BatchId, dossier.Index, manifest.Agency, dossierCode.Value, procedureCode.Value, personalId.Value, dossier.Applicant.FullName, document, pageFiles)
                {
                    ApplicantDateOfBirth = dossier.Applicant.DateOfBirth,
                    Source = files,
                });
            }
        }

        return new BatchPlan(manifest.BatchId, files, manifest.Agency, jobs, rejected);
    }

    /// <summary>Reads the size and first bytes of a file the manifest names to see that it is there, inside the batch, not empty, and of the format its name says.</summary>
    private static async Task<(PageFile? File, string? Rule, string? Message)> LookAtAsync(IBatchFiles files, string relative, CancellationToken cancellationToken)
    {
        if (BatchPaths.Check(relative) is { } wrong)
        {
            return (null, InputRules.FilePath, wrong);
        }

        BatchFileHead head;
        try
        {
            head = await files.ReadHeadAsync(relative, PageFileFormats.SniffLength, cancellationToken).ConfigureAwait(false);
            if (head.Length == 0)
            {
                return (null, InputRules.FileEmpty, $"'{relative}' is empty (0 bytes).");
            }
        }
        catch (FileNotFoundException)
        {
            return (null, InputRules.FileMissing, $"'{relative}' does not exist in the batch.");
        }
        catch (BatchFileException ex)
        {
            return (null, ex.Rule, ex.Message);
        }
        catch (IOException ex)
        {
            return (null, InputRules.FileUnreadable, $"'{relative}' cannot be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, InputRules.FileUnreadable, $"'{relative}' cannot be read: access denied.");
        }

        PageFileFormat actual = PageFileFormats.Sniff(head.Bytes.Span);
        PageFileFormat claimed = PageFileFormats.FromExtension(relative);
        if (actual == PageFileFormat.Unknown)
        {
            return (null, InputRules.FileFormat, $"'{relative}' is not a PNG, JPEG, TIFF or PDF file (its first bytes are {Convert.ToHexString(head.Bytes.Span)}).");
        }

        if (claimed != PageFileFormat.Unknown && claimed != actual)
        {
            return (null, InputRules.FileFormat, $"'{relative}' is named as {claimed.ToString().ToUpperInvariant()} but its bytes are {actual.ToString().ToUpperInvariant()}.");
        }

        return (new PageFile(relative, actual, head.Length), null, null);
    }

    /// <summary>
    /// The ways a document's dates contradict each other or the dossier's: valid until a day before it was issued, an
    /// input issued after the dossier holding it was received, a result issued before. Each with the field to correct.
    /// </summary>
    private static IEnumerable<(string Field, string Message)> DateProblems(DocumentEntry document, DateOnly? received)
    {
        if (document.IssuedOn is { } issued && document.ValidUntil is { } until && until < issued)
        {
            yield return ("validUntil", $"The document is valid until {Day(until)}, before it was issued ({Day(issued)}).");
        }

        if (document.IssuedOn is { } issuedOn && received is { } day && document.Reuse is null)
        {
            if (document.Role == DocumentRole.Input && issuedOn > day)
            {
                yield return ("issuedOn", $"An input paper issued on {Day(issuedOn)} cannot have been handed in with a dossier received on {Day(day)} (from its code).");
            }
            else if (document.Role == DocumentRole.Result && issuedOn < day)
            {
                yield return ("issuedOn", $"A result issued on {Day(issuedOn)} is dated before its dossier was received ({Day(day)}, from its code).");
            }
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<RejectedDocument> GroupReaderProblems(ManifestReadResult read)
    {
        var rejected = new List<RejectedDocument>();
        foreach (var group in read.Problems.GroupBy(p => LocationOf(p.Field)))
        {
            (int? dossier, int? document) = group.Key;
            rejected.Add(new RejectedDocument(group.First().DossierCode, dossier is null ? null : document, null, group.ToList()));
        }

        return rejected;
    }

    private static (int? Dossier, int? Document) LocationOf(string? field)
    {
        Match m = field is null ? Match.Empty : FieldPath().Match(field);
        if (!m.Success)
        {
            return (null, null);
        }

        int dossier = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        return (dossier, m.Groups[2].Success ? int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"^dossiers\[(\d+)\](?:\.documents\[(\d+)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
