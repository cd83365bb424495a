namespace SoHoa.Pipeline.Steps;

/// <summary>
/// One stage of digitizing a document. The pipeline runs its steps in order over a <see cref="DocumentWork"/> until one
/// of them ends it; a step throws only for what <see cref="DocumentOutcomes"/> turns into the document's outcome.
/// </summary>
internal interface IDocumentStep
{
    /// <summary>The stage's name, as its span and its duration metric are tagged (<c>read</c>, <c>ocr</c>, <c>compose</c>, ...).</summary>
    string Name { get; }

    /// <summary>Whether the step has anything to do for this document (a PDF kept byte for byte is not composed again, say).</summary>
    bool AppliesTo(DocumentWork work);

    /// <summary>Does the step's work, writing what it makes into <paramref name="work"/>, or ending it.</summary>
    Task RunAsync(DocumentWork work, CancellationToken cancellationToken);
}
