using SoHoa.Imaging;
using SoHoa.Tests.Pdf.Syntax;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Imaging;

/// <summary>
/// Seeded mutations of small valid PNG, TIFF and JPEG files through the real Leptonica in process: a page file is
/// either decoded or refused with an <see cref="InvalidPageException"/>, never anything else (and never a crash of the
/// process, which would end the test run). Case i is the same on every machine.
/// </summary>
[TestClass]
public sealed class PageDecoderMutationTests
{
    private const uint Stream = 43;

    [TestMethod]
    public void Decode_MutatedPageFiles_DecodeOrAreRefusedByRule()
    {
        var decoder = new PageDecoder(new ImagingOptions());
        (string Name, byte[] Bytes)[] sources =
        [
            ("gray.png", TestImages.GrayPng(24, 16, (x, y) => (byte)((x * 7 + y * 3) & 0xFF))),
            ("bilevel.png", TestImages.BilevelPng(24, 16, (x, y) => (x + y) % 3 == 0)),
            ("rgb.png", TestImages.RgbPng(12, 10, (x, y, c) => (byte)(x * 20 + c * 50))),
            ("pages.tif", TestImages.GrayTiff(16, 12, pages: 2)),
            ("header.jpg", TestImages.JpegHeader(32, 32, 3)),
        ];
        var failures = new List<string>();
        foreach ((string name, byte[] source) in sources)
        {
            for (int i = 0; i < 600; i++)
            {
                (byte[] input, string description) = PdfMutations.Case(source, Stream, i);
                try
                {
                    _ = decoder.Decode(input, name);
                }
                catch (InvalidPageException)
                {
                }
                catch (Exception ex)
                {
                    failures.Add($"{name} case {i} [{description}]: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
                }
            }
        }

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
    }
}
