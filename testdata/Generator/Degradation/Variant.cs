namespace SoHoa.TestData.Generator.Degradation;

/// <summary>What a variant may depend on: the clean page's size and a per-page seed for random effects.</summary>
internal readonly record struct VariantInput(int WidthPx, int HeightPx, int Seed);

/// <summary>
/// One way a scan can go wrong, as ImageMagick operations applied to the clean 300 DPI page.
/// <see cref="Extension"/> is the file type written (".png" or ".jpg").
/// </summary>
internal sealed record Variant(string Name, string Extension, string Description, Func<VariantInput, IReadOnlyList<string>> Operations);
