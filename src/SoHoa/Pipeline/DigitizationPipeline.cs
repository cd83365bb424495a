using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Extraction;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;
using SoHoa.Pdf.Extraction;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Pipeline;

/// <summary>
/// Digitizes a scan batch: validates it, then for each document decodes and cleans the pages, recognizes them,
/// composes a searchable PDF, signs it, and stores it with its sidecar. A PDF that arrives signed is kept byte for
/// byte instead (docs/architecture.md): verified, read by OCR of a copy of its page images, and signed on top.
/// One bad document never stops the others. Thread-safe; one instance serves any number of batches.
/// </summary>
public sealed class DigitizationPipeline
{
    private readonly PageReader _reader;
    private readonly SearchablePdfComposer _composer;
    private readonly DocumentSigners _signers;
    private readonly PdfSignatureVerifier _verifier;
    private readonly IDocumentStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PipelineOptions _options;
    private readonly ReuseService? _reuse;

    /// <summary>Creates a pipeline from its stages.</summary>
    public DigitizationPipeline(
        PipelineOptions options,
        PageDecoder decoder,
        IPageRecognizer recognizer,
        SearchablePdfComposer composer,
        DocumentSigners signers,
        PdfSignatureVerifier verifier,
        IDocumentStore store,
        TimeProvider? timeProvider = null,
        ILogger<DigitizationPipeline>? logger = null,
        ReuseService? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid pipeline options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _reader = new PageReader(decoder ?? throw new ArgumentNullException(nameof(decoder)), recognizer ?? throw new ArgumentNullException(nameof(recognizer)));
        _composer = composer ?? throw new ArgumentNullException(nameof(composer));
        _signers = signers ?? throw new ArgumentNullException(nameof(signers));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _reuse = reuse;
    }

    /// <summary>Processes the batch in <paramref name="batchDirectory"/>.</summary>
    public Task<BatchResult> ProcessBatchAsync(string batchDirectory, CancellationToken cancellationToken = default) =>
        ProcessBatchAsync(batchDirectory, null, cancellationToken);

    /// <summary>Processes the batch in <paramref name="batchDirectory"/>, telling <paramref name="progress"/> when its documents are known and as each finishes (from several threads, one report at a time).</summary>
    public async Task<BatchResult> ProcessBatchAsync(string batchDirectory, IProgress<BatchProgress>? progress, CancellationToken cancellationToken = default)
    {
        using Activity? activity = Telemetry.ActivitySource.StartActivity("sohoa.batch");
        DateTimeOffset started = _time.GetUtcNow();
        BatchPlan plan = await BatchLoader.LoadAsync(batchDirectory, cancellationToken).ConfigureAwait(false);
        Log.BatchLoaded(_logger, plan.BatchId, plan.Jobs.Count, plan.Rejected.Count);
        activity?.SetTag("sohoa.batch_id", plan.BatchId);

        var results = new DocumentResult[plan.Jobs.Count];
        var tally = new BatchProgress(plan.BatchId, plan.Jobs.Count, 0, 0, 0, null);
        var gate = new Lock();
        progress?.Report(tally);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plan.Jobs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.DocumentsInParallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                DocumentResult result = results[i] = await ProcessDocumentAsync(plan.Jobs[i], ct).ConfigureAwait(false);
                if (progress is not null)
                {
                    lock (gate)
                    {
                        tally = tally with
                        {
                            Finished = tally.Finished + 1,
                            Pages = tally.Pages + (result.PageCount ?? 0),
                            Failed = tally.Failed + (result.Status == DocumentStatus.Failed ? 1 : 0),
                            Last = result,
                        };
                        progress.Report(tally);
                    }
                }
            }).ConfigureAwait(false);

        var documents = new List<DocumentResult>(results);
        var problems = new List<InputProblem>();
        foreach (RejectedDocument rejected in plan.Rejected)
        {
            if (rejected.DocumentIndex is null)
            {
                problems.AddRange(rejected.Problems);
            }
            else
            {
                documents.Add(new DocumentResult(rejected.DossierCode, rejected.DocumentIndex, rejected.Kind, DocumentStatus.Rejected, null, null, null, [], rejected.Problems));
            }
        }

        DocumentResult[] ordered = documents
            .OrderBy(d => d.DossierCode, StringComparer.Ordinal)
            .ThenBy(d => d.DocumentIndex ?? -1)
            .ToArray();
        return new BatchResult(plan.BatchId, started, _time.GetUtcNow(), ordered, problems);
    }

    /// <summary>Digitizes, signs and stores one validated document. Never throws for bad input or failed tools: the result says what went wrong.</summary>
    public async Task<DocumentResult> ProcessDocumentAsync(DocumentJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using Activity? activity = Telemetry.ActivitySource.StartActivity("sohoa.document");
        activity?.SetTag("sohoa.dossier_code", job.DossierCode.Value);
        long started = _time.GetTimestamp();
        DocumentResult result = await ProcessDocumentCoreAsync(job, cancellationToken).ConfigureAwait(false);
        string status = result.Status.ToString();
        activity?.SetTag("sohoa.status", status);
        Telemetry.Documents.Add(1, new KeyValuePair<string, object?>("status", status));
        Telemetry.DocumentDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("status", status));
        return result;
    }

    private async Task<DocumentResult> ProcessDocumentCoreAsync(DocumentJob job, CancellationToken cancellationToken)
    {
        string? currentFile = null;
        try
        {
            if (job.Document.Reuse is { } reuse)
            {
                return await ReuseAsync(job, reuse, cancellationToken).ConfigureAwait(false);
            }

            var files = new List<(PageFile File, byte[] Bytes)>();
            foreach (PageFile file in job.Files)
            {
                currentFile = file.RelativePath;
                files.Add((file, await _reader.ReadFileAsync(file.FullPath, file.RelativePath, cancellationToken).ConfigureAwait(false)));
            }

            currentFile = null;
            string documentId = DocumentIdOf(job, files.Select(f => f.Bytes));
            if (await _store.GetAsync(documentId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                Log.DocumentAlreadyStored(_logger, job.BatchId, job.Label, documentId);
                return Result(job, DocumentStatus.AlreadyStored, documentId, existing.PdfPath, existing.PageCount, []);
            }

            // docs/architecture.md: a PDF that arrives signed is kept byte for byte; it is never taken apart into a new PDF.
            foreach ((PageFile file, byte[] bytes) in files.Where(f => f.File.Format == PageFileFormat.Pdf))
            {
                currentFile = file.RelativePath;
                SignedPdfInputs.Inspection inspection = await SignedPdfInputs.InspectAsync(_verifier, bytes, cancellationToken).ConfigureAwait(false);
                if (inspection.Unreadable is { } why)
                {
                    return Rejected(job, currentFile, "pdf.corrupt", $"'{currentFile}' cannot be taken as a PDF: {why}");
                }

                // A born-digital PDF (one with a text layer) is kept byte for byte too: its text is read from it, not made anew.
                IReadOnlyList<PdfTextLayer.Page>? layer = inspection.Encrypted ? null : _reader.ReadTextLayer(bytes);
                bool bornDigital = layer is not null && layer.Any(p => p.HasText);
                if (inspection.Report is not null || bornDigital)
                {
                    string what = inspection.Report is not null ? "a signed PDF" : "a PDF with a text layer (born digital)";
                    return files.Count == 1
                        ? await KeepPdfAsync(job, documentId, file, bytes, inspection, layer, cancellationToken).ConfigureAwait(false)
                        : Rejected(job, currentFile, inspection.Report is not null ? "signed-pdf.alone" : "pdf.alone",
                            $"'{currentFile}' is {what}, which is kept byte for byte as a document of its own: list it alone in its document's files (this document lists {files.Count}).");
                }
            }

            // Each page is read, then at once encoded for the PDF and written down for the sidecar: a document holds its
            // pages compressed, never all their raw samples, so memory does not grow with its length (issue 15).
            var pages = new List<DocumentPage>();
            foreach ((PageFile file, byte[] bytes) in files)
            {
                currentFile = file.RelativePath;
                int before = pages.Count;
                await foreach (ReadPage read in _reader.ReadEachAsync(bytes, file.RelativePath, cancellationToken).ConfigureAwait(false))
                {
                    bool inPdf = read.Text is not null || _options.KeepBlankPages;
                    pages.Add(new DocumentPage(
                        inPdf ? new PdfPageContent(read.Page.Visible, read.Page.Dpi, read.Text) : null,
                        SidecarPage.FromRead(read, pages.Count + 1, inPdf)));
                }

                Telemetry.Pages.Add(pages.Count - before);
            }

            currentFile = null;
            if (pages.All(p => p.Sidecar.Blank))
            {
                return Rejected(job, null, "document.blank", $"Every page of {job.Label} is blank: nothing was scanned, or the sheets were fed the wrong way.");
            }

            return await ComposeSignAndStoreAsync(job, documentId, pages, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPageException ex)
        {
            return Rejected(job, currentFile, ex.Rule, ex.Message);
        }
        catch (FileNotFoundException)
        {
            return Rejected(job, currentFile, "file.missing", $"'{currentFile}' disappeared from the batch folder while the batch was being processed.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SoHoaException ex) when (ex.Code == SoHoaErrorCode.SignaturePlacement)
        {
            // The placement was configured for every document, but does not fit this one: correcting the configuration and retrying succeeds.
            return Failed(job, currentFile, ex.Message, "signature.placement");
        }
        catch (SoHoaException ex) when (ex.IsTransient)
        {
            // A service or device that is away (a storage outage, a TSA down, a token unplugged): the same batch again may well succeed.
            return Failed(job, currentFile, ex.Message + " This is temporary: processing the batch again may succeed.", DocumentResult.UnavailableRule, ex);
        }
        catch (Exception ex) when (ex is SoHoaException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            return Failed(job, currentFile, ex.Message, exception: ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect of ours must cost one document, not the batch: record it with its type so it can be reported.
            return Failed(job, currentFile, $"Unexpected {ex.GetType().Name}: {ex.Message}", exception: ex);
        }
    }

    /// <summary>A page of a document being digitized: what goes into its PDF (null for a blank page left out) and its sidecar entry.</summary>
    private sealed record DocumentPage(PdfPageContent? Content, SidecarPage Sidecar);

    private async Task<DocumentResult> ComposeSignAndStoreAsync(DocumentJob job, string documentId, List<DocumentPage> pages, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DocumentEntry document = job.Document;
        var info = new PdfDocumentInfo(
            Title: $"{document.Kind} {job.DossierCode.Value}",
            Author: job.Agency.Name,
            Subject: $"Bản điện tử chuyển đổi từ bản giấy bởi {job.Agency.Name}",
            Keywords: $"{job.DossierCode.Value}, {job.ProcedureCode.Value}, {document.Kind}, {(document.Role == DocumentRole.Input ? "input" : "result")}",
            CreatedAt: now)
        {
            Dossier = new PdfDossierMetadata(
                job.DossierCode.Value, job.ProcedureCode.Value, document.Kind, document.Role == DocumentRole.Input ? "input" : "result", job.Agency.Code, job.Agency.Name),

            // Decree 137/2024 art. 4: the visible mark names the converting agency and the time, shown in Vietnam time (UTC+7, no daylight saving).
            ConversionMark = new PaperConversionMark(job.Agency.Name, null, now.ToOffset(TimeSpan.FromHours(7))),
        };

        // Blank pages are left out of the PDF unless asked for; the sidecar lists them either way.
        PdfPageContent[] inPdf = pages.Where(p => p.Content is not null).Select(p => p.Content!).ToArray();
        byte[] unsigned = _composer.Compose(inPdf, info);
        byte[] signed = await _signers.SignAsync(
            unsigned,
            new SignatureRequest($"Số hóa hồ sơ {job.DossierCode.Value}", job.Agency.Name),
            new SignatureRequest($"Xác nhận bản số hóa hồ sơ {job.DossierCode.Value}", job.Agency.Name),
            cancellationToken).ConfigureAwait(false);
        SidecarPage[] sidecarPages = pages.Select(p => p.Sidecar).ToArray();
        return await StoreAsync(job, documentId, now, signed, sidecarPages, inPdf.Length, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A PDF kept byte for byte (docs/architecture.md): a signed one, verified as received, or a born-digital one. Its text comes
    /// from its text layer, or OCR of a copy of its page images where a page has only a scan; it is signed on top as
    /// incremental updates (unless a certification forbids any change), and stored with its received bytes as an exact
    /// prefix. Every page stays in the PDF, blank or not; the text goes into the sidecar only.
    /// </summary>
    private async Task<DocumentResult> KeepPdfAsync(
        DocumentJob job, string documentId, PageFile file, byte[] received, SignedPdfInputs.Inspection inspection, IReadOnlyList<PdfTextLayer.Page>? layer, CancellationToken cancellationToken)
    {
        IReadOnlyList<SidecarPage> pages;
        string textSource;
        try
        {
            (pages, textSource) = await KeptPdfPages.ReadAsync(_reader, received, file.RelativePath, layer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPageException ex) when (layer is null)
        {
            string label = $"'{file.RelativePath}': ";
            string reason = ex.Message.StartsWith(label, StringComparison.Ordinal) ? ex.Message[label.Length..] : ex.Message;
            throw new InvalidPageException(ex.Rule,
                $"'{file.RelativePath}' is kept byte for byte; its text layer cannot be read, so its text can only come from OCR of a copy of its scanned page images, " +
                $"and those cannot be taken out, so it is not stored: {reason}");
        }

        Telemetry.Pages.Add(pages.Count);
        DateTimeOffset now = _time.GetUtcNow();
        bool signedInput = inspection.Report is not null;
        byte[] stored = received;
        string? note = null;
        if (inspection.DocMdpPermission == 1)
        {
            note = "The PDF is certified with DocMDP permission 1 (no change allowed): SoHoa's signatures would break its certification, so it is stored exactly as received, unsigned by SoHoa.";
        }
        else
        {
            stored = await _signers.SignAsync(
                received,
                new SignatureRequest(signedInput ? $"Tiếp nhận bản điện tử có chữ ký số, hồ sơ {job.DossierCode.Value}" : $"Tiếp nhận bản điện tử, hồ sơ {job.DossierCode.Value}", job.Agency.Name),
                new SignatureRequest($"Xác nhận tiếp nhận bản điện tử, hồ sơ {job.DossierCode.Value}", job.Agency.Name),
                cancellationToken).ConfigureAwait(false);
        }

        if (!stored.AsSpan().StartsWith(received))
        {
            throw new InvalidOperationException("Signing changed the bytes of a signed input; it is not stored.");
        }

        SignedInput? keptSigned = null;
        if (inspection.Report is { } report)
        {
            keptSigned = new SignedInput(
                file.RelativePath, Convert.ToHexStringLower(SHA256.HashData(received)), received.LongLength, report.IsValid, report.Problems,
                report.Signatures, stored.Length > received.Length, note) { TextSource = textSource };
            Log.SignedInputKept(_logger, job.BatchId, job.Label, file.RelativePath, report.Signatures.Count, report.IsValid ? "valid" : "NOT valid");
        }

        return await StoreAsync(job, documentId, now, stored, pages, pages.Count, keptSigned, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DocumentResult> StoreAsync(
        DocumentJob job, string documentId, DateTimeOffset now, byte[] pdf, IReadOnlyList<SidecarPage> pages, int pdfPages, SignedInput? signedInput, CancellationToken cancellationToken)
    {
        DocumentEntry document = job.Document;
        string pdfSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
        string pdfPath = DocumentPaths.Pdf(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, documentId);
        string sidecarPath = DocumentPaths.Sidecar(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, documentId);

        // Issue 12: the key fields read from the paper go into the sidecar; where they disagree with the manifest, the
        // document is stored all the same and flagged for a person, with both values (the index keeps the field names only).
        DocumentFields fields = PaperFields.Extract(document.Kind, pages);
        IReadOnlyList<FieldReview> review = ManifestCrossCheck.Check(job, fields);
        var stored = new StoredDocument(
            documentId, job.Agency.Code, job.DossierCode.Value, job.ProcedureCode.Value, document.Kind, document.Role,
            document.DocumentNumber, document.IssuedOn, document.ValidUntil, pdfPath, sidecarPath, pdfSha256, pdfPages, job.BatchId, now)
        {
            PaperReview = review.Count > 0 ? string.Join(',', review.Select(r => r.Field)) : null,
        };
        byte[] sidecar = JsonSerializer.SerializeToUtf8Bytes(Sidecar(job, stored, pages, signedInput) with { Fields = fields }, DocumentSidecar.JsonOptions);

        StoreOutcome outcome = await _store.StoreAsync(stored, job.PersonalId, pdf, sidecar, cancellationToken).ConfigureAwait(false);
        Log.DocumentStored(_logger, job.BatchId, job.Label, documentId, pdfPages);
        if (review.Count > 0)
        {
            Log.DocumentNeedsReview(_logger, job.BatchId, job.Label, string.Join(", ", review.Select(r => r.Field)));
        }

        int[] lowConfidence = pages.Where(p => p.LowConfidence).Select(p => p.Number).ToArray();
        return Result(job, outcome == StoreOutcome.Stored ? DocumentStatus.Stored : DocumentStatus.AlreadyStored, documentId, pdfPath, pdfPages, lowConfidence) with { SignedInput = signedInput, Review = review };
    }

    private DocumentSidecar Sidecar(DocumentJob job, StoredDocument stored, IReadOnlyList<SidecarPage> pages, SignedInput? signedInput) =>
        new(
            DocumentSidecar.SchemaV1,
            stored.DocumentId,
            job.BatchId,
            job.Agency.Code,
            job.Agency.Name,
            stored.DossierCode,
            stored.ProcedureCode,
            stored.Kind,
            stored.Role == DocumentRole.Input ? "input" : "result",
            stored.DocumentNumber,
            stored.IssuedOn,
            stored.ValidUntil,
            stored.StoredAt,
            stored.PdfSha256,
            new SidecarPipeline(SearchablePdfComposer.Producer, _reader.Description),
            pages)
        {
            SignedInput = signedInput,
        };

    /// <summary>
    /// Links an earlier stored document into this dossier instead of digitizing the paper again: opened through the reuse
    /// service (the applicant's own, unaltered, signatures verified, valid today; audited), then indexed for this dossier
    /// with a sidecar that names where it came from. The PDF is not copied. A reuse that cannot be verified is rejected
    /// with the reason, like any bad input.
    /// </summary>
    private async Task<DocumentResult> ReuseAsync(DocumentJob job, ReuseReference reuse, CancellationToken cancellationToken)
    {
        string field = $"dossiers[{job.DossierIndex}].documents[{job.Document.Index}].reuse";
        if (_reuse is null)
        {
            return Rejected(job, null, "reuse.unavailable", "This pipeline has no reuse service, so a stored document cannot be reused.", field);
        }

        var purpose = new ReadPurpose($"batch {job.BatchId}", job.ProcedureCode.Value, job.DossierCode.Value);
        ReuseOpening opening = reuse.DocumentId is { } id
            ? await _reuse.ReuseAsync(id, job.PersonalId, purpose, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _reuse.OpenNewestAsync(job.PersonalId, reuse.Kind!, purpose, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!opening.Opened)
        {
            return Rejected(job, null, opening.RefusalCode!, opening.Refusal!, field + (reuse.DocumentId is null ? ".kind" : ".documentId"));
        }

        StoredDocument source = opening.Document!.Document;
        if (source.Kind != job.Document.Kind)
        {
            return Rejected(job, null, "reuse.kind-mismatch", $"The reused document '{source.DocumentId}' is a {source.Kind}, not the {job.Document.Kind} this entry asks for.", field);
        }

        // A link of a link names the document first digitized: the paper is the same.
        string original = source.ReusedFrom ?? source.DocumentId;
        DateTimeOffset now = _time.GetUtcNow();
        string linkId = LinkIdOf(job, original);
        var link = new StoredDocument(
            linkId, job.Agency.Code, job.DossierCode.Value, job.ProcedureCode.Value, source.Kind, job.Document.Role, source.DocumentNumber, source.IssuedOn, source.ValidUntil,
            source.PdfPath, DocumentPaths.Sidecar(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, linkId), source.PdfSha256, source.PageCount, job.BatchId, now)
        {
            SignatureLevel = source.SignatureLevel,
            ReusedFrom = original,
        };
        var sidecar = new DocumentSidecar(
            DocumentSidecar.SchemaV1, linkId, job.BatchId, job.Agency.Code, job.Agency.Name, link.DossierCode, link.ProcedureCode, link.Kind,
            link.Role == DocumentRole.Input ? "input" : "result", link.DocumentNumber, link.IssuedOn, link.ValidUntil, source.StoredAt, source.PdfSha256,
            new SidecarPipeline(SearchablePdfComposer.Producer, _reader.Description), [])
        {
            ReusedFrom = original,
            ReusedAt = now,
        };
        await _store.LinkAsync(link, job.PersonalId, JsonSerializer.SerializeToUtf8Bytes(sidecar, DocumentSidecar.JsonOptions), cancellationToken).ConfigureAwait(false);
        Log.DocumentReused(_logger, job.BatchId, job.Label, original);
        return Result(job, DocumentStatus.Reused, linkId, source.PdfPath, source.PageCount, []) with { ReusedFrom = original };
    }

    /// <summary>The id of a reuse link: the same dossier, kind, role and reused document always give the same id.</summary>
    private static string LinkIdOf(DocumentJob job, string sourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sohoa.reuse/v1\n{job.DossierCode.Value}\n{job.Document.Kind}\n{job.Document.Role}\n{sourceId}\n")))[..32];

    /// <summary>
    /// The deterministic document id: the same dossier, kind, role and scanned bytes always give the same id,
    /// so a batch processed twice stores nothing twice.
    /// </summary>
    internal static string DocumentIdOf(DocumentJob job, IEnumerable<byte[]> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"sohoa.document/v1\n{job.DossierCode.Value}\n{job.Document.Kind}\n{job.Document.Role}\n"));
        foreach (byte[] file in files)
        {
            hash.AppendData(SHA256.HashData(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static DocumentResult Result(DocumentJob job, DocumentStatus status, string? id, string? pdfPath, int? pages, IReadOnlyList<int> lowConfidence) =>
        new(job.DossierCode.Value, job.Document.Index, job.Document.Kind, status, id, pdfPath, pages, lowConfidence, []);

    private DocumentResult Failed(DocumentJob job, string? file, string reason, string rule = "processing.failed", Exception? exception = null)
    {
        // The exception object, with its stack, goes to the log; the result and its JSON say what happened in words.
        Log.DocumentFailed(_logger, job.BatchId, job.Label, reason, exception);
        var problem = new InputProblem(job.BatchId, job.DossierCode.Value, file, null, rule, reason);
        return new DocumentResult(job.DossierCode.Value, job.Document.Index, job.Document.Kind, DocumentStatus.Failed, null, null, null, [], [problem]);
    }

    private DocumentResult Rejected(DocumentJob job, string? file, string rule, string message, string? field = null)
    {
        Log.DocumentRejected(_logger, job.BatchId, job.Label, file ?? "-", message);
        field ??= file is null ? null : $"dossiers[{job.DossierIndex}].documents[{job.Document.Index}].files[{job.Files.ToList().FindIndex(f => f.RelativePath == file)}]";
        var problem = new InputProblem(job.BatchId, job.DossierCode.Value, file, field, rule, message);
        return new DocumentResult(job.DossierCode.Value, job.Document.Index, job.Document.Kind, DocumentStatus.Rejected, null, null, null, [], [problem]);
    }
}
