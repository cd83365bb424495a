using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>What the syntax tests of both test projects do to files: update them, read them whole, and fuzz them.</summary>
internal static class PdfSyntaxProbes
{
    /// <summary>Appends an update that gives the first page new content, and returns it with the new object's reference.</summary>
    public static PdfIncrementalUpdate ReplaceFirstPageText(byte[] original, string text, out PdfReference newObject)
    {
        var reader = PdfFileReader.Open(original);
        var writer = new PdfIncrementalWriter(reader);
        var pageRef = reader.GetPageReferences()[0];
        var page = ((PdfDictionary)reader.Resolve(pageRef)).Clone();
        var content = PdfStream.CreateFlate(Encoding.ASCII.GetBytes($"BT /F1 24 Tf 72 700 Td ({text}) Tj ET"));
        var contentRef = writer.Add(content);
        page.Set(PdfName.Contents, contentRef);
        writer.Set(pageRef, page);
        newObject = contentRef;
        return writer.Write();
    }

    /// <summary>Fails unless <paramref name="updated"/> starts with every byte of <paramref name="original"/> and adds more.</summary>
    public static void AssertIsPrefix(byte[] original, byte[] updated)
    {
        Assert.IsTrue(updated.Length > original.Length);
        Assert.IsTrue(updated.AsSpan(0, original.Length).SequenceEqual(original), "original bytes must be an exact prefix");
    }

    /// <summary>Opens a file and resolves, decodes and walks everything in it.</summary>
    public static void ReadEverything(byte[] bytes)
    {
        var reader = PdfFileReader.Open(bytes);
        for (var n = 1; n <= Math.Min(reader.MaxObjectNumber, 2000); n++)
        {
            if (reader.GetObject(n) is PdfStream s)
            {
                reader.DecodeStream(s);
            }
        }

        reader.GetPageReferences();
    }

    /// <summary>
    /// Reads truncations and random byte mutations (half of them in the cross-reference and trailer area at the end)
    /// of each source, and fails unless every failure is a <see cref="PdfSyntaxException"/>.
    /// </summary>
    public static void AssertFuzzedCopiesOnlyRaiseSyntaxErrors(params byte[][] sources)
    {
        var random = new Random(12345);
        var failures = new List<string>();
        var iterations = 0;
        foreach (var source in sources)
        {
            for (var cut = 0; cut < source.Length; cut += Math.Max(1, source.Length / 97))
            {
                Probe(source[..cut], $"truncated at {cut}");
            }

            for (var i = 0; i < 400; i++)
            {
                var mutated = (byte[])source.Clone();
                var count = 1 + random.Next(4);
                for (var k = 0; k < count; k++)
                {
                    var pos = i % 2 == 0 ? random.Next(mutated.Length) : mutated.Length - 1 - random.Next(Math.Min(400, mutated.Length));
                    mutated[pos] = random.Next(3) switch
                    {
                        0 => (byte)random.Next(256),
                        1 => (byte)"0123456789 /<>[]()R"[random.Next(19)],
                        _ => (byte)(mutated[pos] ^ (1 << random.Next(8))),
                    };
                }

                Probe(mutated, $"mutation {i}");
            }
        }

        Assert.IsTrue(iterations > 450 * sources.Length);
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(10)));

        void Probe(byte[] input, string label)
        {
            iterations++;
            try
            {
                ReadEverything(input);
            }
            catch (PdfSyntaxException)
            {
            }
            catch (Exception ex)
            {
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }
    }
}
