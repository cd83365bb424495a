namespace SoHoa.Signing;

/// <summary>What to say in a signature dictionary besides the cryptography.</summary>
/// <param name="Reason">Why it is signed, such as <c>Số hóa hồ sơ 000.00.01.H12-261122-0001</c>.</param>
/// <param name="Location">Where, such as the agency's name.</param>
/// <param name="ContactInfo">How to reach the signer, if wanted.</param>
public sealed record SignatureRequest(string Reason, string Location, string? ContactInfo = null)
{
    /// <summary>
    /// Makes this a certification signature with DocMDP permission 1 (no change), 2 (form filling and signing) or 3 (also
    /// annotations); null for an ordinary approval signature. Only the first signature of a document may certify it.
    /// </summary>
    public int? CertifyPermission { get; init; }

    /// <summary>A visible appearance ("Ký bởi", "Ngày ký") for the signature; null for an invisible one.</summary>
    public SignatureAppearance? Appearance { get; init; }

    /// <summary>
    /// The highest level this one signature is taken to, when lower than the signer's; null for the signer's level.
    /// <see cref="DocumentSigners"/> stops the officer's signature at B-LT when the agency seal's B-LTA document
    /// timestamp, which covers the officer's signature and its validation data too, follows.
    /// </summary>
    public PadesLevel? HighestLevel { get; init; }
}

/// <summary>Adds a PAdES signature to a PDF as an incremental update; the bytes before it never change.</summary>
public interface IPdfSigner
{
    /// <summary>The level this signer takes a signature to, unless a request asks for less.</summary>
    PadesLevel Level { get; }

    /// <summary>Signs <paramref name="pdf"/> and returns the signed file: the original bytes followed by the signature's revision.</summary>
    Task<byte[]> SignAsync(ReadOnlyMemory<byte> pdf, SignatureRequest request, CancellationToken cancellationToken = default);
}
