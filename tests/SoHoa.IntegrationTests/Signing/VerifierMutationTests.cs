using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing;

/// <summary>
/// The verifier promises never to throw on a malformed or hostile file. Real signed files (SoHoa's at B-B and B-LTA, an
/// openssl CMS with BER lengths, a stream-xref file, the attack corpus's base) are mutated with a fixed seed: bytes
/// flipped, the file cut short, numbers replaced by huge, negative or zero ones, slices repeated. Every mutant must give
/// a report, and a mutant whose signed bytes changed must not verify.
/// </summary>
[TestClass]
public sealed class VerifierMutationTests
{
    private const int MutantsPerFile = 400;

    [TestMethod]
    public async Task Verify_MutatedSignedFiles_NeverThrowsAndNeverPassesAChangedSignedByte()
    {
        string converted = Path.Combine(TestEnvironment.NewDirectory("mutation"), "objstm.pdf");
        string plain = Save(Document(2), "plain.pdf");
        ExternalTool.Succeed("qpdf", "--object-streams=generate", plain, converted);
        byte[][] originals =
        [
            await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB),
            await SignAsync(await SignAsync(Document(), Pki.OfficerPfx, PadesLevel.BaselineB), Pki.SealPfx, PadesLevel.BaselineLTA),
            SignWithOpenssl(Document(), "seal"),
            await SignAsync(File.ReadAllBytes(converted), Pki.OfficerPfx, PadesLevel.BaselineT),
            await SignAsync(Attacks.AttackSamples.ShadowBase(), Pki.OfficerPfx, PadesLevel.BaselineB),
        ];
        PdfSignatureVerifier verifier = Verifier();
        var random = new Random(20261204);
        var failures = new StringBuilder();
        int mutants = 0;
        foreach (byte[] original in originals)
        {
            Assert.IsTrue(verifier.Verify(original).IsValid, "a base file does not verify before mutation");
            (long signedEnd, long gapStart, long gapEnd) = FirstSignedRange(original);
            for (int i = 0; i < MutantsPerFile; i++)
            {
                (byte[] mutant, string how) = Mutate(original, random);
                mutants++;
                try
                {
                    VerificationReport report = verifier.Verify(mutant);
                    if (report.IsValid && ChangesFirstSignedBytes(original, mutant, signedEnd, gapStart, gapEnd))
                    {
                        failures.AppendLine($"valid after {how}");
                    }
                }
                catch (Exception ex)
                {
                    failures.AppendLine($"{ex.GetType().Name} after {how}: {ex.Message}");
                }
            }
        }

        Assert.AreEqual(MutantsPerFile * originals.Length, mutants);
        Assert.AreEqual(0, failures.Length, failures.ToString());
    }

    private static (byte[] Mutant, string How) Mutate(byte[] original, Random random)
    {
        byte[] mutant = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                int flips = random.Next(1, 9);
                for (int f = 0; f < flips; f++)
                {
                    mutant[random.Next(mutant.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (mutant, $"{flips} bit flips");
            case 1:
                int cut = random.Next(mutant.Length);
                return (mutant[..cut], $"truncation at {cut}");
            case 2:
                string text = Encoding.Latin1.GetString(mutant);
                int at = random.Next(text.Length);
                int digit = text.IndexOfAny("0123456789".ToCharArray(), at);
                if (digit < 0)
                {
                    return (mutant, "nothing");
                }

                int end = digit;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                string replacement = new[] { "99999999999999999999", "-1", "0", "2147483648", "9223372036854775807" }[random.Next(5)];
                return (Encoding.Latin1.GetBytes(text[..digit] + replacement + text[end..]), $"number at {digit} replaced by {replacement}");
            case 3:
                int start = random.Next(mutant.Length);
                int length = Math.Min(random.Next(1, 4096), mutant.Length - start);
                int into = random.Next(mutant.Length);
                return ([.. mutant[..into], .. mutant.AsSpan(start, length), .. mutant[into..]], $"{length} bytes from {start} repeated at {into}");
            default:
                int zeroFrom = random.Next(mutant.Length);
                int zeros = Math.Min(random.Next(1, 64), mutant.Length - zeroFrom);
                Array.Clear(mutant, zeroFrom, zeros);
                return (mutant, $"{zeros} bytes zeroed at {zeroFrom}");
        }
    }

    /// <summary>The first signature's byte range, read by text matching (independently of the parser under test).</summary>
    private static (long SignedEnd, long GapStart, long GapEnd) FirstSignedRange(byte[] pdf)
    {
        string text = Encoding.Latin1.GetString(pdf);
        int at = text.IndexOf("/ByteRange", StringComparison.Ordinal);
        long[] v = text[(text.IndexOf('[', at) + 1)..text.IndexOf(']', at)].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        return (v[2] + v[3], v[1], v[2]);
    }

    /// <summary>True when the mutant differs from the original inside the first signature's signed bytes (outside its /Contents gap).</summary>
    private static bool ChangesFirstSignedBytes(byte[] original, byte[] mutant, long signedEnd, long gapStart, long gapEnd)
    {
        if (mutant.Length < signedEnd)
        {
            return false;
        }

        for (long i = 0; i < signedEnd; i++)
        {
            if ((i < gapStart || i >= gapEnd) && original[i] != mutant[i])
            {
                return true;
            }
        }

        return false;
    }
}
