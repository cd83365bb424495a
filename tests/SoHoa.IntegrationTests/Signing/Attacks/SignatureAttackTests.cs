using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Attacks;

/// <summary>The verifier against the attack corpus built by <see cref="AttackSamples"/>, and legitimate files that must pass.</summary>
[TestClass]
public sealed class SignatureAttackTests
{
    private static readonly Lazy<Task<(byte[] Signed, IReadOnlyList<AttackSample> Samples)>> Corpus = new(async () =>
    {
        byte[] signed = await SignAsync(AttackSamples.ShadowBase(), Pki.OfficerPfx, PadesLevel.BaselineB);
        byte[] signedDangling = await SignAsync(AttackSamples.DanglingBase(), Pki.OfficerPfx, PadesLevel.BaselineB);
        return (signed, [.. AttackSamples.All(signed), .. AttackSamples.Confusions(signed, signedDangling)]);
    });

    [TestMethod]
    public async Task Verify_SignedShadowBase_IsValidBeforeAnyAttack()
    {
        (byte[] signed, _) = await Corpus.Value;

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsTrue(report.IsValid, Describe(report));
    }

    [TestMethod]
    public async Task Verify_SignedDanglingBase_IsValidWhileTheReferenceStaysUndefined()
    {
        byte[] signed = await SignAsync(AttackSamples.DanglingBase(), Pki.OfficerPfx, PadesLevel.BaselineB);

        VerificationReport report = Verifier().Verify(signed);

        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.IsNull(PdfFileReader.Open(signed).GetXrefEntry(90, null, out _), "the signer defined object 90, so the samples built on this base would not be dangling");
    }

    [TestMethod]
    [DataRow("Universal Signature Forgery", 11)]
    [DataRow("Incremental Saving Attack", 6)]
    [DataRow("Signature Wrapping", 2)]
    [DataRow("Shadow (hide)", 3)]
    [DataRow("Shadow (replace)", 1)]
    [DataRow("Shadow (hide-and-replace)", 1)]
    [DataRow("Type confusion", 4)]
    [DataRow("Dangling reference", 5)]
    [DataRow("Sneaky signature field", 1)]
    public async Task Verify_AttackSample_IsFlaggedWithItsReason(string attackClass, int expectedSamples)
    {
        (_, IReadOnlyList<AttackSample> samples) = await Corpus.Value;
        AttackSample[] ofClass = samples.Where(s => s.AttackClass == attackClass).ToArray();
        Assert.AreEqual(expectedSamples, ofClass.Length, "the corpus changed size");

        var failures = new StringBuilder();
        foreach (AttackSample sample in ofClass)
        {
            VerificationReport report = Verifier().Verify(sample.Pdf);
            string[] codes = [.. report.Problems.Select(p => p.Code), .. report.Signatures.SelectMany(s => s.Problems).Where(p => p.IsError).Select(p => p.Code)];
            if (report.IsValid || !codes.Intersect(sample.ExpectedCodes).Any())
            {
                failures.AppendLine($"{sample.Name}: valid={report.IsValid}, codes=[{string.Join(", ", codes)}], expected one of [{string.Join(", ", sample.ExpectedCodes)}]");
            }
        }

        Assert.AreEqual(0, failures.Length, failures.ToString());
    }

    [TestMethod]
    public async Task Verify_AttackSamples_EveryProblemHasAMessage()
    {
        (_, IReadOnlyList<AttackSample> samples) = await Corpus.Value;

        foreach (AttackSample sample in samples)
        {
            VerificationReport report = Verifier().Verify(sample.Pdf);
            Assert.IsTrue(report.Problems.Concat(report.Signatures.SelectMany(s => s.Problems)).All(p => p.Message.Length > 20), sample.Name);
        }
    }

    [TestMethod]
    public async Task Verify_ShadowBaseSignedTwiceAndArchived_IsNotFlagged()
    {
        (byte[] signed, _) = await Corpus.Value;
        byte[] sealed_ = await SignAsync(signed, Pki.SealPfx, PadesLevel.BaselineLTA);

        VerificationReport report = Verifier().Verify(sealed_);

        Assert.IsTrue(report.IsValid, Describe(report));
        Assert.IsTrue(report.Signatures.All(s => s.ChangesAfter.All(c => c.Allowed)), Describe(report));
    }
}
