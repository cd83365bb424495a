namespace SoHoa.Pipeline;

/// <summary>How the pipeline schedules its work.</summary>
public sealed class PipelineOptions
{
    /// <summary>How many documents are processed at once; by default one per core, matching the OCR engine count.</summary>
    public int DocumentsInParallel { get; set; } = Environment.ProcessorCount;

    /// <summary>Keep blank pages (separator sheets, empty back sides) in the PDF, without text. Default off: they are only listed in the sidecar.</summary>
    public bool KeepBlankPages { get; set; }

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate() =>
        DocumentsInParallel is < 1 or > 256 ? [$"{nameof(DocumentsInParallel)} must be between 1 and 256."] : [];
}
