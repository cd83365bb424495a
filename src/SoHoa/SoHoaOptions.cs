using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;

namespace SoHoa;

/// <summary>Everything a SoHoa pipeline is configured with. Validated as a whole when the pipeline is built: every problem is reported at once.</summary>
public sealed class SoHoaOptions
{
    /// <summary>
    /// The folder of the embedded document store (files plus <c>index.db</c>), used when no other
    /// <see cref="Storage.IDocumentStore"/> is registered (such as the Azure store of the SoHoa.Azure package).
    /// </summary>
    public string StoreDirectory { get; set; } = string.Empty;

    /// <summary>True when the container holds a document store other than the folder store (set by <c>AddSoHoa</c>); then no folder is needed.</summary>
    internal bool UsesOtherStore { get; set; }

    /// <summary>Page decoding limits.</summary>
    public ImagingOptions Imaging { get; set; } = new();

    /// <summary>OCR settings.</summary>
    public OcrOptions Ocr { get; set; } = new();

    /// <summary>Scheduling.</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>Where the officer's and the agency seal's signatures are shown on each document (invisible by default).</summary>
    public SignaturePlacementOptions Signing { get; set; } = new();

    /// <summary>
    /// The officer's key on a PKCS#11 token or HSM; null: an <see cref="ISignatureKey"/> registered in the container signs
    /// for the officer (a PKCS#12 <see cref="CertificateKey"/>, or another implementation).
    /// </summary>
    public Pkcs11KeyOptions? OfficerKey { get; set; }

    /// <summary>The agency seal's key on a PKCS#11 token or HSM (often another module than the officer's); null: the seal's key registered under the seal's service key, if any.</summary>
    public Pkcs11KeyOptions? SealKey { get; set; }

    /// <summary>Which keys the container already holds (set by <c>AddSoHoa</c>), to refuse a key configured twice.</summary>
    internal (bool Officer, bool Seal) RegisteredKeys { get; set; }

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(StoreDirectory) && !UsesOtherStore)
        {
            problems.Add($"{nameof(StoreDirectory)} is required, unless another document store (such as the Azure store) is registered.");
        }

        problems.AddRange(Imaging.Validate());
        problems.AddRange(Ocr.Validate());
        problems.AddRange(Pipeline.Validate());
        problems.AddRange(Signing.Validate());
        problems.AddRange(OfficerKey?.Validate(nameof(OfficerKey)) ?? []);
        problems.AddRange(SealKey?.Validate(nameof(SealKey)) ?? []);
        if (OfficerKey is not null && RegisteredKeys.Officer)
        {
            problems.Add($"{nameof(OfficerKey)}: an ISignatureKey for the officer is registered as well; configure the officer's key once.");
        }

        if (SealKey is not null && RegisteredKeys.Seal)
        {
            problems.Add($"{nameof(SealKey)}: a seal ISignatureKey is registered as well; configure the seal's key once.");
        }

        return problems;
    }

    /// <summary>
    /// Throws one <see cref="SoHoaException"/> listing every problem, when there are any: <see cref="SoHoaErrorCode.NativeComponent"/>
    /// when something the machine lacks is among them (a Tesseract model or model folder, a signature font), else
    /// <see cref="SoHoaErrorCode.Configuration"/>.
    /// </summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new SoHoaException(
                MissesNativeComponent ? SoHoaErrorCode.NativeComponent : SoHoaErrorCode.Configuration,
                "SoHoa is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }

    /// <summary>True when a component is missing from the machine, which <see cref="Validate"/> then reports with how to install it.</summary>
    internal bool MissesNativeComponent => Signing.FontMissing || Ocr.ModelMissing;
}
