using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>The mutation tests start from valid files that are the same on every run, and mutate them the same way.</summary>
[TestClass]
public sealed class MutationSourcesTests
{
    [TestMethod]
    public void All_BuiltAgain_SameBytes()
    {
        var again = MutationSources.BuildAll();

        CollectionAssert.AreEqual(MutationSources.All.Select(s => s.Name).ToArray(), again.Select(s => s.Name).ToArray());
        for (int i = 0; i < again.Count; i++)
        {
            CollectionAssert.AreEqual(MutationSources.All[i].Bytes, again[i].Bytes, again[i].Name);
        }
    }

    [TestMethod]
    public void All_ReadWhollyWithoutError()
    {
        foreach ((string name, byte[] bytes) in MutationSources.All)
        {
            var reader = PdfFileReader.Open(bytes);
            foreach (PdfRevision revision in reader.Revisions)
            {
                foreach (int number in revision.Entries.Where(e => e.Value.IsInUse).Select(e => e.Key))
                {
                    if (reader.GetObject(number, revision.Index) is PdfStream stream)
                    {
                        reader.DecodeStream(stream);
                    }
                }
            }

            Assert.AreEqual(name.StartsWith("objstm", StringComparison.Ordinal) && name.Contains("flate", StringComparison.Ordinal) ? 1 : name.Contains("signed", StringComparison.Ordinal) ? 1 : 2, reader.GetPageReferences().Count, name);
        }
    }

    [TestMethod]
    public void SignedFiles_SignaturesIntact()
    {
        var verifier = new PdfSignatureVerifier(new SignatureVerifierOptions());
        foreach ((string name, byte[] bytes) in MutationSources.SignedFiles)
        {
            VerificationReport report = verifier.Verify(bytes);

            Assert.IsTrue(report.Signatures.Count >= 1, name);
            Assert.IsTrue(report.Signatures.All(s => s.IntegrityValid), $"{name}: {string.Join("; ", report.Signatures.SelectMany(s => s.Problems).Select(p => p.Message))}");
        }
    }

    [TestMethod]
    public void Case_SameSourceStreamAndIndex_SameMutation()
    {
        byte[] source = MutationSources.All[0].Bytes;

        var first = PdfMutations.Case(source, 5, 42);
        var second = PdfMutations.Case(source, 5, 42);
        var other = PdfMutations.Case(source, 5, 43);

        Assert.AreEqual(first.Description, second.Description);
        CollectionAssert.AreEqual(first.Bytes, second.Bytes);
        Assert.AreNotEqual(first.Description, other.Description);
    }
}
