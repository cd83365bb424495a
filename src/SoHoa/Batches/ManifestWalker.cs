using System.Globalization;
using System.Text.Json;

namespace SoHoa.Batches;

/// <summary>
/// Walks a parsed <c>batch.json</c> into a <see cref="BatchManifest"/>, recording every problem with the field to
/// correct and reading on past it: a bad dossier or document is left out, the rest is read. One instance per manifest.
/// </summary>
internal sealed class ManifestWalker(string label)
{
    private readonly List<InputProblem> _problems = [];
    private string _batchId = label;

    public ManifestReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ManifestReadResult.Fatal(_batchId, "$", InputRules.ManifestShape, $"{BatchManifest.FileName} must hold a JSON object.");
        }

        string? schema = String(root, "schema", "$.schema", null);
        if (schema is null)
        {
            return ManifestReadResult.Fatal(_batchId, "schema", InputRules.ManifestSchema, $"{BatchManifest.FileName} names no schema; expected \"{BatchManifest.SchemaV1}\".");
        }

        if (!string.Equals(schema, BatchManifest.SchemaV1, StringComparison.Ordinal))
        {
            return ManifestReadResult.Fatal(_batchId, "schema", InputRules.ManifestSchema, $"Unknown manifest schema \"{schema}\"; this version of SoHoa reads \"{BatchManifest.SchemaV1}\".");
        }

        string? batchId = String(root, "batchId", "batchId", null);
        if (batchId is not null)
        {
            _batchId = batchId;
        }

        Agency? agency = ReadAgency(root);
        if (batchId is null || agency is null || !root.TryGetProperty("dossiers", out JsonElement dossiers) || dossiers.ValueKind != JsonValueKind.Array)
        {
            if (!root.TryGetProperty("dossiers", out JsonElement d) || d.ValueKind != JsonValueKind.Array)
            {
                Problem(null, "dossiers", InputRules.ManifestRequired, "The manifest needs a \"dossiers\" array.");
            }

            return new ManifestReadResult(null, _batchId, _problems);
        }

        var entries = new List<DossierEntry>();
        int index = 0;
        foreach (JsonElement dossier in dossiers.EnumerateArray())
        {
            DossierEntry? entry = ReadDossier(dossier, index);
            if (entry is not null)
            {
                entries.Add(entry);
            }

            index++;
        }

        return new ManifestReadResult(new BatchManifest(batchId, agency, entries), _batchId, _problems);
    }

    private Agency? ReadAgency(JsonElement root)
    {
        if (!root.TryGetProperty("agency", out JsonElement agency) || agency.ValueKind != JsonValueKind.Object)
        {
            Problem(null, "agency", InputRules.ManifestRequired, "The manifest needs an \"agency\" object with code, name and level.");
            return null;
        }

        string? code = String(agency, "code", "agency.code", null);
        string? name = String(agency, "name", "agency.name", null);
        string? levelText = String(agency, "level", "agency.level", null);
        if (code is not null && !Identifiers.DossierCode.AgencyCodeShape().IsMatch(code))
        {
            Problem(null, "agency.code", InputRules.AgencyCodeFormat, $"Agency code '{code}' is not of the form 000.00.01.H12.");
            code = null;
        }

        AgencyLevel? level = null;
        if (levelText is not null)
        {
            level = ParseEnum<AgencyLevel>(levelText);
            if (level is null)
            {
                Problem(null, "agency.level", InputRules.AgencyLevel, $"Agency level '{levelText}' is not one of ministry, province, district, commune.");
            }
        }

        return code is null || name is null || level is null ? null : new Agency(code, name, level.Value);
    }

    private DossierEntry? ReadDossier(JsonElement dossier, int index)
    {
        string at = $"dossiers[{index}]";
        if (dossier.ValueKind != JsonValueKind.Object)
        {
            Problem(null, at, InputRules.ManifestShape, "A dossier must be a JSON object.");
            return null;
        }

        string? code = String(dossier, "dossierCode", at + ".dossierCode", null);
        string? procedure = String(dossier, "procedureCode", at + ".procedureCode", code);
        Applicant? applicant = ReadApplicant(dossier, at, code);
        var documents = new List<DocumentEntry>();
        if (!dossier.TryGetProperty("documents", out JsonElement docs) || docs.ValueKind != JsonValueKind.Array || docs.GetArrayLength() == 0)
        {
            Problem(code, at + ".documents", InputRules.ManifestRequired, "A dossier needs a non-empty \"documents\" array.");
        }
        else
        {
            int i = 0;
            foreach (JsonElement doc in docs.EnumerateArray())
            {
                DocumentEntry? entry = ReadDocument(doc, $"{at}.documents[{i}]", i, code);
                if (entry is not null)
                {
                    documents.Add(entry);
                }

                i++;
            }
        }

        return code is null || procedure is null || applicant is null
            ? null
            : new DossierEntry(index, code, procedure, applicant, documents);
    }

    private Applicant? ReadApplicant(JsonElement dossier, string at, string? dossierCode)
    {
        if (!dossier.TryGetProperty("applicant", out JsonElement applicant) || applicant.ValueKind != JsonValueKind.Object)
        {
            Problem(dossierCode, at + ".applicant", InputRules.ManifestRequired, "A dossier needs an \"applicant\" object with a personalId.");
            return null;
        }

        int problemsBefore = _problems.Count;
        string? personalId = String(applicant, "personalId", at + ".applicant.personalId", dossierCode);
        string? fullName = OptionalString(applicant, "fullName", at + ".applicant.fullName", dossierCode);
        DateOnly? born = OptionalDate(applicant, "dateOfBirth", at + ".applicant.dateOfBirth", dossierCode, out _);

        // An optional field that is wrong is still wrong: the dossier waits for the manifest to be corrected.
        return personalId is null || _problems.Count > problemsBefore ? null : new Applicant(personalId, fullName, born);
    }

    private DocumentEntry? ReadDocument(JsonElement doc, string at, int index, string? dossierCode)
    {
        if (doc.ValueKind != JsonValueKind.Object)
        {
            Problem(dossierCode, at, InputRules.ManifestShape, "A document must be a JSON object.");
            return null;
        }

        int problemsBefore = _problems.Count;
        string? kind = String(doc, "kind", at + ".kind", dossierCode);
        if (kind is not null && !DocumentKinds.IsWellFormed(kind))
        {
            Problem(dossierCode, at + ".kind", InputRules.DocumentKind, $"Document kind '{kind}' must be lower-case words joined by '-', such as birth-certificate.");
            kind = null;
        }

        string? roleText = String(doc, "role", at + ".role", dossierCode);
        DocumentRole? role = roleText is null ? null : ParseEnum<DocumentRole>(roleText);
        if (roleText is not null && role is null)
        {
            Problem(dossierCode, at + ".role", InputRules.DocumentRole, $"Role '{roleText}' is neither \"input\" nor \"result\".");
        }

        var files = new List<string>();
        bool hasReuse = doc.TryGetProperty("reuse", out JsonElement reuseElement) && reuseElement.ValueKind != JsonValueKind.Null;
        bool hasFiles = doc.TryGetProperty("files", out JsonElement fileArray) && fileArray.ValueKind != JsonValueKind.Null;
        ReuseReference? reuse = null;
        if (hasReuse && hasFiles)
        {
            Problem(dossierCode, at + ".reuse", InputRules.ManifestReuseAndFiles, "A document either names page \"files\" or reuses a stored document (\"reuse\"), not both.");
            files = null;
        }
        else if (hasReuse)
        {
            reuse = ReadReuse(reuseElement, at + ".reuse", dossierCode);
            files = reuse is null ? null : files;
        }
        else if (!hasFiles || fileArray.ValueKind != JsonValueKind.Array || fileArray.GetArrayLength() == 0)
        {
            Problem(dossierCode, at + ".files", InputRules.ManifestRequired, "A document needs a non-empty \"files\" array of page files, or a \"reuse\" of a stored document.");
            files = null;
        }
        else
        {
            int i = 0;
            foreach (JsonElement f in fileArray.EnumerateArray())
            {
                string field = $"{at}.files[{i}]";
                if (f.ValueKind != JsonValueKind.String)
                {
                    Problem(dossierCode, field, InputRules.ManifestType, "A file entry must be a non-empty string path relative to the batch folder.");
                    files = null;
                    break;
                }

                string? path = Text(f, "The file entry", field, dossierCode);
                if (path is not null && string.IsNullOrWhiteSpace(path))
                {
                    Problem(dossierCode, field, InputRules.ManifestType, "A file entry must be a non-empty string path relative to the batch folder.");
                }

                if (path is null || string.IsNullOrWhiteSpace(path))
                {
                    files = null;
                    break;
                }

                // As written, not in NFC: the name must match the file's on disk, whichever form that is in.
                files.Add(f.GetString()!);
                i++;
            }
        }

        string? number = OptionalString(doc, "documentNumber", at + ".documentNumber", dossierCode);
        DateOnly? issued = OptionalDate(doc, "issuedOn", at + ".issuedOn", dossierCode, out bool issuedOk);
        DateOnly? validUntil = OptionalDate(doc, "validUntil", at + ".validUntil", dossierCode, out bool validOk);
        if (kind is null || role is null || files is null || !issuedOk || !validOk || _problems.Count > problemsBefore)
        {
            return null;
        }

        return new DocumentEntry(index, kind, role.Value, files, number, issued, validUntil) { Reuse = reuse };
    }

    /// <summary>A "reuse" object: exactly one of "documentId" (32 lower-case hex digits) and "kind".</summary>
    private ReuseReference? ReadReuse(JsonElement reuse, string at, string? dossierCode)
    {
        if (reuse.ValueKind != JsonValueKind.Object)
        {
            Problem(dossierCode, at, InputRules.ManifestType, "\"reuse\" must be an object with a \"documentId\" or a \"kind\".");
            return null;
        }

        bool hasId = reuse.TryGetProperty("documentId", out JsonElement id) && id.ValueKind != JsonValueKind.Null;
        bool hasKind = reuse.TryGetProperty("kind", out JsonElement kind) && kind.ValueKind != JsonValueKind.Null;
        if (hasId == hasKind)
        {
            Problem(dossierCode, at, InputRules.ManifestReuse, "\"reuse\" names either a stored \"documentId\" or a \"kind\" (the applicant's newest valid one), exactly one of them.");
            return null;
        }

        if (hasId)
        {
            string? documentId = id.ValueKind == JsonValueKind.String && TryGetText(id, out string idText) ? idText : null;
            if (documentId is null || documentId.Length != 32 || !documentId.All(char.IsAsciiHexDigitLower))
            {
                Problem(dossierCode, at + ".documentId", InputRules.ReuseDocumentId, "A stored document id is 32 lower-case hexadecimal digits, as find and result.json print it.");
                return null;
            }

            return new ReuseReference(documentId, null);
        }

        string? kindText = kind.ValueKind == JsonValueKind.String && TryGetText(kind, out string text) ? text : null;
        if (kindText is null || !DocumentKinds.IsWellFormed(kindText))
        {
            Problem(dossierCode, at + ".kind", InputRules.DocumentKind, "A reused kind must be lower-case words joined by '-', such as birth-certificate.");
            return null;
        }

        return new ReuseReference(null, kindText);
    }

    private string? String(JsonElement obj, string name, string at, string? dossierCode)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            Problem(dossierCode, at, InputRules.ManifestRequired, $"The field \"{name}\" is required.");
            return null;
        }

        string? text = value.ValueKind == JsonValueKind.String ? Text(value, $"The field \"{name}\"", at, dossierCode) : null;
        if (value.ValueKind != JsonValueKind.String || (text is not null && string.IsNullOrWhiteSpace(text)))
        {
            Problem(dossierCode, at, InputRules.ManifestType, $"The field \"{name}\" must be a non-empty string.");
            return null;
        }

        return text;
    }

    /// <summary>
    /// A JSON string's text in NFC, or null with a <c>manifest.text</c> problem for <paramref name="what"/> when it is not
    /// valid Unicode or holds a character refused by <see cref="ManifestText"/>.
    /// </summary>
    private string? Text(JsonElement value, string what, string at, string? dossierCode)
    {
        if (!TryGetText(value, out string raw))
        {
            Problem(dossierCode, at, InputRules.ManifestText, $"{what} {UnpairedEscape}.");
            return null;
        }

        string? accepted = ManifestText.Accept(raw, out string? problem);
        if (accepted is null)
        {
            Problem(dossierCode, at, InputRules.ManifestText, $"{what} {problem}.");
        }

        return accepted;
    }

    private string? OptionalString(JsonElement obj, string name, string at, string? dossierCode)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(dossierCode, at, InputRules.ManifestType, $"The field \"{name}\" must be a string or null.");
            return null;
        }

        return Text(value, $"The field \"{name}\"", at, dossierCode);
    }

    private DateOnly? OptionalDate(JsonElement obj, string name, string at, string? dossierCode, out bool ok)
    {
        ok = true;
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryGetText(value, out string text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return date;
        }

        ok = false;
        Problem(dossierCode, at, InputRules.ManifestDate, $"The field \"{name}\" must be a date written yyyy-MM-dd, or null.");
        return null;
    }

    /// <summary>What is wrong with a JSON string whose escapes make an unpaired surrogate (System.Text.Json will not read it as a string).</summary>
    private const string UnpairedEscape = "holds an unpaired surrogate escape (such as \\ud800 with no partner), which is not Unicode text";

    /// <summary>Reads a JSON string, false when its escapes make an unpaired surrogate.</summary>
    private static bool TryGetText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    private void Problem(string? dossierCode, string? field, string rule, string message) =>
        _problems.Add(new InputProblem(_batchId, dossierCode, null, field, rule, message));

    private static T? ParseEnum<T>(string text)
        where T : struct, Enum =>
        text.All(char.IsAsciiLetterLower) && Enum.TryParse(text, ignoreCase: true, out T value) ? value : null;
}
