using SoHoa.Diagnostics;
using SoHoa.Pdf;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Decodes, cleans and recognizes the pages of the document's scans, one page at a time: each page is encoded for the
/// PDF and written down for the sidecar as soon as it is read, so a document holds its pages compressed, never all
/// their raw samples, and memory does not grow with its length. A document whose every page is blank is refused.
/// Input: the received files; output: <see cref="DocumentWork.Pages"/>.
/// </summary>
internal sealed class ReadPagesStep(PageReader reader, bool keepBlankPages, DocumentOutcomes outcomes) : IDocumentStep
{
    public string Name => "ocr";

    public bool AppliesTo(DocumentWork work) => work.Kept is null;

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        var pages = new List<DocumentPage>();
        foreach ((Batches.PageFile file, byte[] bytes) in work.Files)
        {
            work.CurrentFile = file.RelativePath;
            int before = pages.Count;
            await foreach (ReadPage read in reader.ReadEachAsync(bytes, file.RelativePath, cancellationToken).ConfigureAwait(false))
            {
                bool inPdf = read.Text is not null || keepBlankPages;
                pages.Add(new DocumentPage(
                    inPdf ? new PdfPageContent(read.Page.Visible, read.Page.Dpi, read.Text) : null,
                    SidecarPage.FromRead(read, pages.Count + 1, inPdf)));
            }

            Telemetry.Pages.Add(pages.Count - before);
        }

        work.CurrentFile = null;
        work.Pages = pages;
        if (pages.All(p => p.Sidecar.Blank))
        {
            work.Finish(outcomes.Rejected(work.Job, null, InputRules.DocumentBlank, $"Every page of {work.Job.Label} is blank: nothing was scanned, or the sheets were fed the wrong way."));
        }
    }
}
