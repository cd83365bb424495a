using SoHoa.Batches;
using SoHoa.Pdf;
using SoHoa.Signing;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// One document on its way through the steps of <see cref="DigitizationPipeline"/>: each step reads what the steps
/// before it wrote here and writes what it makes, or ends the document with its <see cref="Result"/>. Owned by one
/// document's run; never shared between threads.
/// </summary>
internal sealed class DocumentWork(DocumentJob job)
{
    /// <summary>The validated manifest entry being digitized.</summary>
    public DocumentJob Job { get; } = job;

    /// <summary>The file being worked on, named in the document's problem when a step fails; null between files.</summary>
    public string? CurrentFile { get; set; }

    /// <summary>Written by <see cref="ReadFilesStep"/>: the document's files as received, in page order.</summary>
    public IReadOnlyList<ReceivedFile> Files { get; set; } = [];

    /// <summary>Written by <see cref="ReadFilesStep"/>: the deterministic id of the document.</summary>
    public string DocumentId { get; set; } = string.Empty;

    /// <summary>Written by <see cref="KeepPdfStep"/> when the document is a PDF kept byte for byte: its bytes as received.</summary>
    public KeptPdf? Kept { get; set; }

    /// <summary>Written by <see cref="ReadPagesStep"/>: the pages read from the scans, in order.</summary>
    public IReadOnlyList<DocumentPage> Pages { get; set; } = [];

    /// <summary>When the document was made into its PDF: its creation date, the conversion mark's, and the stored date.</summary>
    public DateTimeOffset MadeAt { get; set; }

    /// <summary>The PDF: unsigned after <see cref="ComposeStep"/> or <see cref="KeepPdfStep"/>, signed after <see cref="SignStep"/>.</summary>
    public byte[] Pdf { get; set; } = [];

    /// <summary>How many pages the stored PDF has.</summary>
    public int PdfPages { get; set; }

    /// <summary>The pages as the sidecar records them, blank ones included.</summary>
    public IReadOnlyList<SidecarPage> SidecarPages { get; set; } = [];

    /// <summary>The officer's and the seal's signature on the PDF; null when it must stay unsigned (a certification forbids any change).</summary>
    public (SignatureRequest Officer, SignatureRequest Seal)? Signatures { get; set; }

    /// <summary>For a PDF that arrived signed: what is recorded of it.</summary>
    public SignedInput? SignedInput { get; set; }

    /// <summary>The outcome, once a step has decided it; no step runs after that.</summary>
    public DocumentResult? Result { get; private set; }

    /// <summary>Ends the document with <paramref name="result"/>.</summary>
    public void Finish(DocumentResult result) => Result ??= result;
}

/// <summary>A file of the document as received: the manifest's entry and its bytes.</summary>
internal sealed record ReceivedFile(PageFile File, byte[] Bytes);

/// <summary>A page of a document being digitized: what goes into its PDF (null for a blank page left out) and its sidecar entry.</summary>
internal sealed record DocumentPage(PdfPageContent? Content, SidecarPage Sidecar);

/// <summary>A PDF kept byte for byte (a signed one or a born-digital one), as the steps after its inspection need it.</summary>
/// <param name="File">The file it came in.</param>
/// <param name="Received">Its bytes as received, which the stored PDF must start with.</param>
internal sealed record KeptPdf(PageFile File, byte[] Received);
