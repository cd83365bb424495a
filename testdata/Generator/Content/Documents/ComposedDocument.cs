using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>
/// A document ready to lay out, with the facts a reader should extract from it. <see cref="Fields"/> keep their
/// order, so the ground-truth JSON reads like the document.
/// </summary>
internal sealed record ComposedDocument(
    DocumentKind Kind,
    IReadOnlyList<Block> Blocks,
    string? DocumentNumber,
    DateOnly IssuedOn,
    DateOnly? ValidUntil,
    IReadOnlyList<KeyValuePair<string, string>> Fields);
