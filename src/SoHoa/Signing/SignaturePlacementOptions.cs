namespace SoHoa.Signing;

/// <summary>Where SoHoa's signatures on each stored document are shown. Null: that signature is invisible.</summary>
public sealed class SignaturePlacementOptions
{
    /// <summary>The scanning officer's signature (Circular 01/2023 art. 8: visible, top left, e.g. <see cref="SignatureAppearance.TopLeft"/>).</summary>
    public SignatureAppearance? Officer { get; set; }

    /// <summary>The agency seal's signature; used only when a seal key is configured.</summary>
    public SignatureAppearance? Seal { get; set; }

    /// <summary>Returns every problem with these options that does not depend on a document, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate() =>
        [.. Officer?.Validate($"Signing.{nameof(Officer)}") ?? [], .. Seal?.Validate($"Signing.{nameof(Seal)}") ?? []];

    /// <summary>True when a visible signature's font is not installed (a missing native component, not a wrong setting).</summary>
    internal bool FontMissing => Officer?.FontMissing == true || Seal?.FontMissing == true;
}
