using System.Text.Json;
using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Storage;

namespace SoHoa.Reporting;

/// <summary>
/// Turns what the pipeline and the reuse service leave behind into ledger entries, the same for every backend: a batch
/// result with its manifest (<see cref="RecordBatchAsync(IReportLedger, BatchResult, BatchManifest?, IDocumentStore?, PadesLevel?, CancellationToken)"/>),
/// and the audit log's opens (<see cref="CatchUpOpensAsync"/>).
/// </summary>
public static class ReportLedgers
{
    /// <summary>Audit entries are read again from this long before the last one recorded, in case writers' clocks disagree.</summary>
    public static readonly TimeSpan AuditClockSlack = TimeSpan.FromDays(1);

    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>
    /// The ledger a store keeps: the SQLite one of a folder store, the store's own for an <see cref="IReportLedgerStore"/>
    /// (the Azure store's table); null for a store that keeps none.
    /// </summary>
    public static IReportLedger? ForStore(IDocumentStore store) => store switch
    {
        IReportLedgerStore keeper => keeper.OpenReportLedger(),
        FolderDocumentStore folder => SqliteReportLedger.Open(folder),
        _ => null,
    };

    /// <summary>Reads the manifest of the batch in the folder <paramref name="batchDirectory"/> again and records the batch (see the overload).</summary>
    public static Task RecordBatchAsync(this IReportLedger ledger, BatchResult result, string batchDirectory, IDocumentStore? store, PadesLevel? signatureLevel, CancellationToken cancellationToken = default) =>
        ledger.RecordBatchAsync(result, new FolderBatchFiles(batchDirectory), store, signatureLevel, cancellationToken);

    /// <summary>Reads the manifest of the batch <paramref name="files"/> holds again and records the batch (see the overload).</summary>
    public static async Task RecordBatchAsync(this IReportLedger ledger, BatchResult result, IBatchFiles files, IDocumentStore? store, PadesLevel? signatureLevel, CancellationToken cancellationToken = default)
    {
        ManifestReadResult read = await BatchManifestReader.ReadAsync(files, cancellationToken).ConfigureAwait(false);
        await ledger.RecordBatchAsync(result, read.Manifest, store, signatureLevel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a processed batch in the ledger: one entry per document of <paramref name="result"/>, with the role and
    /// procedure from <paramref name="manifest"/> (null when it could not be read) and page figures from each stored
    /// document's sidecar in <paramref name="store"/>. <paramref name="signatureLevel"/> is the PAdES level the pipeline
    /// signed at (null: not known). Recording the same batch again counts it once.
    /// </summary>
    public static async Task RecordBatchAsync(this IReportLedger ledger, BatchResult result, BatchManifest? manifest, IDocumentStore? store, PadesLevel? signatureLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        LedgerBatch batch = await EntriesOfAsync(result, manifest, store, signatureLevel, cancellationToken).ConfigureAwait(false);
        await ledger.RecordAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ledger entries of a processed batch (see <see cref="RecordBatchAsync(IReportLedger, BatchResult, BatchManifest?, IDocumentStore?, PadesLevel?, CancellationToken)"/>).</summary>
    public static async Task<LedgerBatch> EntriesOfAsync(BatchResult result, BatchManifest? manifest, IDocumentStore? store, PadesLevel? signatureLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        DateOnly batchDay = DateOnly.FromDateTime(result.StartedAt.ToOffset(VietnamOffset).DateTime);
        string agencyCode = manifest?.Agency.Code ?? string.Empty;
        var dossiers = new Dictionary<string, DossierEntry>(StringComparer.Ordinal);
        foreach (DossierEntry dossier in manifest?.Dossiers ?? [])
        {
            dossiers.TryAdd(dossier.DossierCode, dossier);
        }

        var entries = new List<LedgerEntry>(result.Documents.Count);
        foreach (DocumentResult document in result.Documents)
        {
            string dossierCode = document.DossierCode ?? string.Empty;
            int item = document.DocumentIndex ?? -1;
            DossierEntry? dossier = dossiers.GetValueOrDefault(dossierCode);
            DocumentEntry? written = dossier?.Documents.FirstOrDefault(d => d.Index == item);
            bool identified = DossierCode.TryParse(dossierCode, out DossierCode? code).IsValid;
            LedgerOutcome outcome = document.Status switch
            {
                DocumentStatus.Stored => LedgerOutcome.Stored,
                DocumentStatus.AlreadyStored => LedgerOutcome.AlreadyStored,
                DocumentStatus.Reused => LedgerOutcome.Reused,
                DocumentStatus.Rejected => LedgerOutcome.Rejected,
                _ => LedgerOutcome.Failed,
            };
            var entry = new LedgerEntry(
                dossierCode,
                LedgerEntry.BatchSource(result.BatchId),
                item,
                agencyCode,
                dossier?.ProcedureCode ?? string.Empty,
                identified ? code!.Value.ReceivedOn : batchDay,
                identified,
                written?.Role ?? DocumentRole.Input,
                document.Kind ?? written?.Kind ?? string.Empty,
                outcome,
                document.DocumentId)
            {
                Rules = string.Join(' ', document.Problems.Select(p => p.Rule).Distinct(StringComparer.Ordinal)),
            };

            if (entry.IsDigitized)
            {
                PageFigures? pages = store is null || document.PdfPath is null || document.DocumentId is null
                    ? null
                    : await ReadSidecarAsync(store, document.PdfPath, cancellationToken).ConfigureAwait(false);
                entry = entry with
                {
                    PdfPages = document.PageCount,
                    ScannedPages = pages?.Scanned,
                    BlankPages = pages?.Blank,
                    LowConfidencePages = pages?.LowConfidence ?? (document.Status == DocumentStatus.Stored ? document.LowConfidencePages.Count : null),
                    Flagged = document.SignedInput is { Valid: false },

                    // A document found already stored was signed by an earlier run, perhaps at another level: not known here.
                    SignatureLevel = document.SignedInput is { SoHoaSigned: false } ? "none" : document.Status == DocumentStatus.Stored ? signatureLevel?.ToName() : null,
                };
            }

            entries.Add(entry);
        }

        LedgerProblem[] problems = result.Problems.Select((p, i) => new LedgerProblem(result.BatchId, i, agencyCode, batchDay, p.Rule)).ToArray();
        LedgerAgency? agency = manifest is null ? null : new LedgerAgency(manifest.Agency.Code, manifest.Agency.Name, manifest.Agency.Level);
        return new LedgerBatch(result.BatchId, agency, entries, problems);
    }

    /// <summary>
    /// Records in the ledger every audited <c>open</c> of a stored document that served a procedure (the document was
    /// handed out, and the entry names the procedure) made since the last call, and returns how many. Reuses a batch
    /// made through its manifest are audited as <c>reuse</c> and counted from the batch, not here. Idempotent: an audit
    /// entry is recorded under its sequence number.
    /// </summary>
    public static async Task<int> CatchUpOpensAsync(this IReportLedger ledger, IAuditLog auditLog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(auditLog);
        AuditMark mark = await ledger.OpensRecordedThroughAsync(cancellationToken).ConfigureAwait(false);
        AuditMark last = mark;
        var opens = new List<LedgerEntry>();
        int recorded = 0;
        await foreach (AuditRecord record in auditLog.ReadAsync(mark.At - AuditClockSlack, null, cancellationToken).ConfigureAwait(false))
        {
            if (record.Sequence <= mark.Sequence)
            {
                continue;
            }

            if (record.Sequence > last.Sequence)
            {
                last = new AuditMark(record.Sequence, record.Entry.At);
            }

            if (OpenOf(record) is { } open)
            {
                opens.Add(open);
            }

            if (opens.Count >= 10_000)
            {
                await ledger.RecordOpensAsync(opens, last, cancellationToken).ConfigureAwait(false);
                recorded += opens.Count;
                opens.Clear();
            }
        }

        if (opens.Count > 0 || last.Sequence > mark.Sequence)
        {
            await ledger.RecordOpensAsync(opens, last, cancellationToken).ConfigureAwait(false);
            recorded += opens.Count;
        }

        return recorded;
    }

    /// <summary>The ledger entry of an audited open that served a procedure, or null for any other audit entry.</summary>
    public static LedgerEntry? OpenOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        AuditEntry entry = record.Entry;
        if (!string.Equals(entry.Action, "open", StringComparison.Ordinal) || !string.Equals(entry.Outcome, "opened", StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(entry.ProcedureCode))
        {
            return null;
        }

        bool identified = DossierCode.TryParse(entry.DossierCode, out DossierCode? code).IsValid;
        return new LedgerEntry(
            entry.DossierCode ?? string.Empty,
            LedgerEntry.AuditSource,
            record.Sequence,
            identified ? code!.Value.AgencyCode : string.Empty,
            entry.ProcedureCode,
            identified ? code!.Value.ReceivedOn : DateOnly.FromDateTime(entry.At.ToOffset(VietnamOffset).DateTime),
            identified,
            DocumentRole.Input,
            string.Empty,
            LedgerOutcome.Opened,
            entry.DocumentId);
    }

    private static async Task<PageFigures?> ReadSidecarAsync(IDocumentStore store, string pdfPath, CancellationToken cancellationToken)
    {
        if (!pdfPath.EndsWith(".pdf", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using Stream stream = await store.OpenReadAsync(pdfPath[..^4] + ".json", cancellationToken).ConfigureAwait(false);
            using JsonDocument sidecar = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!sidecar.RootElement.TryGetProperty("pages", out JsonElement pages) || pages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            int scanned = 0, blank = 0, low = 0;
            foreach (JsonElement page in pages.EnumerateArray())
            {
                scanned++;
                blank += page.TryGetProperty("blank", out JsonElement b) && b.ValueKind == JsonValueKind.True ? 1 : 0;
                low += page.TryGetProperty("lowConfidence", out JsonElement l) && l.ValueKind == JsonValueKind.True ? 1 : 0;
            }

            return new PageFigures(scanned, blank, low);
        }
        catch (Exception ex) when (ex is SoHoaException or JsonException or IOException)
        {
            // The figures of this document stay unknown; the report says how many documents that is.
            return null;
        }
    }

    private sealed record PageFigures(int Scanned, int Blank, int LowConfidence);
}
