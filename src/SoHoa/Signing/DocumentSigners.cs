namespace SoHoa.Signing;

/// <summary>
/// SoHoa's signatures on a stored document, each an incremental update so that earlier bytes never change: the
/// scanning officer's, then, when a seal key is configured, the agency seal's (Circular 01/2023 art. 8), each shown
/// where <see cref="SignaturePlacementOptions"/> says. Thread-safe.
/// </summary>
public sealed class DocumentSigners
{
    private readonly IPdfSigner _officer;
    private readonly IPdfSigner? _seal;
    private readonly SignaturePlacementOptions _placement;

    /// <summary>Creates the signing steps.</summary>
    /// <param name="officer">Signs for the officer who scanned or received the document.</param>
    /// <param name="seal">Signs with the agency's seal after the officer; null for the officer's signature alone.</param>
    /// <param name="placement">Where the signatures are shown; null: both invisible.</param>
    /// <exception cref="SoHoaException">The placement is not usable, or places a seal that no key makes.</exception>
    public DocumentSigners(IPdfSigner officer, IPdfSigner? seal = null, SignaturePlacementOptions? placement = null)
    {
        _officer = officer ?? throw new ArgumentNullException(nameof(officer));
        _seal = seal;
        _placement = placement ?? new SignaturePlacementOptions();
        var problems = new List<string>(_placement.Validate());
        if (_placement.Seal is not null && seal is null)
        {
            problems.Add("Signing.Seal: a visible seal signature is configured, but no seal key is (register the agency's seal ISignatureKey).");
        }

        if (problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, "The signatures are not configured correctly: " + string.Join(" ", problems));
        }
    }

    /// <summary>True when the agency seal signs after the officer.</summary>
    public bool HasSeal => _seal is not null;

    /// <summary>Signs <paramref name="pdf"/> for the officer, then with the seal; the result starts with the bytes of <paramref name="pdf"/>.</summary>
    /// <exception cref="SoHoaException">A signature cannot be made; a visible one that does not fit this document has the code <see cref="SoHoaErrorCode.SignaturePlacement"/> and names which signature it is.</exception>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> pdf, SignatureRequest officer, SignatureRequest seal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(officer);
        ArgumentNullException.ThrowIfNull(seal);
        // The seal's B-LTA document timestamp covers the officer's signature and the validation data after it as well:
        // an archive timestamp of the officer's own, and the revocation data for its TSA, would only be repeated.
        SignatureRequest officerRequest = officer with { Appearance = _placement.Officer };
        if (_seal is { Level: PadesLevel.BaselineLTA } && _officer.Level == PadesLevel.BaselineLTA)
        {
            officerRequest = officerRequest with { HighestLevel = PadesLevel.BaselineLT };
        }

        byte[] signed = await SignOneAsync(_officer, pdf, officerRequest, "officer's", cancellationToken).ConfigureAwait(false);
        return _seal is null ? signed : await SignOneAsync(_seal, signed, seal with { Appearance = _placement.Seal }, "agency seal's", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> SignOneAsync(IPdfSigner signer, ReadOnlyMemory<byte> pdf, SignatureRequest request, string whose, CancellationToken cancellationToken)
    {
        try
        {
            return await signer.SignAsync(pdf, request, cancellationToken).ConfigureAwait(false);
        }
        catch (SoHoaException ex) when (ex.Code == SoHoaErrorCode.SignaturePlacement)
        {
            throw new SoHoaException(SoHoaErrorCode.SignaturePlacement, $"The {whose} signature cannot be shown as configured: {ex.Message}", innerException: ex);
        }
    }
}
