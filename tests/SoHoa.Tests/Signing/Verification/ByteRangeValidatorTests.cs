using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Signing.Verification;

[TestClass]
public sealed class ByteRangeValidatorTests
{
    [TestMethod]
    public void Validate_SignedFile_IsIntactAndSignsItsRevision()
    {
        SignedSample sample = SignedSample.First();
        var problems = new List<VerificationProblem>();

        ByteRangeResult result = ByteRangeValidator.Validate(sample.Reader, sample.File, sample.Reference, sample.Signature, problems);

        Assert.IsTrue(result.Intact);
        Assert.AreEqual(sample.Reader.Revisions.Count - 1, result.Revision);
        Assert.AreEqual(sample.File.Length, result.Range!.SignedEnd);
        Assert.AreEqual(0, problems.Count);
    }

    [TestMethod]
    public void Validate_GapThatIsNotTheContents_IsNotIntactAndNamesWrapping()
    {
        SignedSample sample = SignedSample.First();
        SignedSample moved = SignedSample.Of(sample.WithSignatureEntry("ByteRange", PdfArray.OfIntegers(0, 10, 20, 30)));
        var problems = new List<VerificationProblem>();

        ByteRangeResult result = ByteRangeValidator.Validate(moved.Reader, moved.File, moved.Reference, moved.Signature, problems);

        Assert.IsFalse(result.Intact);
        Assert.IsNull(result.Range);
        CollectionAssert.AreEqual(new[] { "byte-range.gap" }, problems.Select(p => p.Code).ToArray());
    }

    [TestMethod]
    public void RevisionEndingAt_EndOfARevisionOrElsewhere_OnlyTheEndCounts()
    {
        SignedSample sample = SignedSample.First();
        PdfRevision first = sample.Reader.Revisions[0];

        Assert.AreEqual(0, ByteRangeValidator.RevisionEndingAt(sample.Reader, sample.File, first.EndOffset));
        Assert.IsNull(ByteRangeValidator.RevisionEndingAt(sample.Reader, sample.File, first.EndOffset - 10));
    }

    [TestMethod]
    public void Validate_ContentsAllZeros_IsUniversalSignatureForgery()
    {
        SignedSample sample = SignedSample.First();
        SignedSample zeroed = SignedSample.Of(sample.WithSignatureEntry("Contents", new PdfString(new byte[64], isHex: true)));
        var problems = new List<VerificationProblem>();

        ByteRangeResult result = ByteRangeValidator.Validate(zeroed.Reader, zeroed.File, zeroed.Reference, zeroed.Signature, problems);

        Assert.IsFalse(result.Intact);
        CollectionAssert.AreEqual(new[] { "contents.empty" }, problems.Select(p => p.Code).ToArray());
    }

    [TestMethod]
    public void HasContentAfter_WhitespaceOrGarbage_OnlyGarbageCounts()
    {
        byte[] file = Encoding.ASCII.GetBytes("%%EOF\n \r\n\0");
        byte[] appended = Encoding.ASCII.GetBytes("%%EOF\n junk");

        Assert.IsFalse(ByteRangeValidator.HasContentAfter(file, 6));
        Assert.IsTrue(ByteRangeValidator.HasContentAfter(appended, 6));
    }
}
