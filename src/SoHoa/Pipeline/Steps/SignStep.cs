using SoHoa.Signing;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Signs the PDF as the officer, then as the agency's seal, each as an incremental update. A PDF kept byte for byte
/// must come out with its received bytes as an exact prefix, or it is not stored. Input: the PDF and its signatures;
/// output: the signed PDF.
/// </summary>
internal sealed class SignStep(DocumentSigners signers) : IDocumentStep
{
    public string Name => "sign";

    public bool AppliesTo(DocumentWork work) => work.Signatures is not null;

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        (SignatureRequest officer, SignatureRequest seal) = work.Signatures!.Value;
        byte[] signed = await signers.SignAsync(work.Pdf, officer, seal, cancellationToken).ConfigureAwait(false);
        if (work.Kept is { } kept && !signed.AsSpan().StartsWith(kept.Received))
        {
            throw new InvalidOperationException("Signing changed the bytes of a signed input; it is not stored.");
        }

        work.Pdf = signed;
    }
}
