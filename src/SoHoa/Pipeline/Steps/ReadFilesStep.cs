using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging;
using SoHoa.Storage;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Reads the document's files from its batch's source, each within the file size limit held while reading, and names
/// the document by them; a document already in the store ends here, before any OCR, so a batch taken again after a
/// crash costs only the documents that were in flight. Input: the job; output: <see cref="DocumentWork.Files"/> and
/// <see cref="DocumentWork.DocumentId"/>.
/// </summary>
internal sealed class ReadFilesStep(PageDecoder decoder, IDocumentStore store, ILogger logger) : IDocumentStep
{
    public string Name => "read";

    public bool AppliesTo(DocumentWork work) => true;

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        var files = new List<ReceivedFile>(job.Files.Count);
        foreach (PageFile file in job.Files)
        {
            work.CurrentFile = file.RelativePath;
            Stream stream = await job.Source.OpenReadAsync(file.RelativePath, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                files.Add(new ReceivedFile(file, await decoder.ReadLimitedAsync(stream, file.RelativePath, cancellationToken).ConfigureAwait(false)));
            }
        }

        work.CurrentFile = null;
        work.Files = files;
        work.DocumentId = DocumentIdOf(job, files.Select(f => f.Bytes));
        if (await store.GetAsync(work.DocumentId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            Log.DocumentAlreadyStored(logger, job.BatchId, job.Label, work.DocumentId);
            work.Finish(DocumentOutcomes.Done(job, DocumentStatus.AlreadyStored, work.DocumentId, existing.PdfPath, existing.PageCount, []));
        }
    }

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
}
