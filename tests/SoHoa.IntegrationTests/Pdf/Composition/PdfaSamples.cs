using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;

namespace SoHoa.IntegrationTests.Pdf.Composition;

/// <summary>Pages and documents made in code for the PDF/A composer tests: no OCR needed, the words are given.</summary>
internal static class PdfaSamples
{
    public const int Dpi = 100;
    public const int Width = 827; // A4 at 100 DPI
    public const int Height = 1169;

    public static readonly string[] Lines =
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY KHAI SINH",
        "Họ và tên: Nguyễn Văn An",
    ];

    public static readonly DateTimeOffset ConvertedAt = new(2026, 11, 22, 13, 46, 37, TimeSpan.FromHours(7));

    public static SearchablePdfComposer Composer() =>
        new(SearchablePdfComposer.DefaultGlyphlessFontPath(null));

    public static PdfDocumentInfo Info() =>
        new("birth-certificate 000.00.01.H12-261122-0001", "UBND huyện Phụng Hiệp", "Bản điện tử chuyển đổi từ bản giấy bởi UBND huyện Phụng Hiệp",
            "000.00.01.H12-261122-0001, 1.001612, birth-certificate, input", ConvertedAt.ToUniversalTime())
        {
            Dossier = new PdfDossierMetadata("000.00.01.H12-261122-0001", "1.001612", "birth-certificate", "input", "000.00.01.H12", "UBND huyện Phụng Hiệp"),
            ConversionMark = new PaperConversionMark("UBND huyện Phụng Hiệp", "Trần Thị Bình", ConvertedAt),
        };

    /// <summary>The words of <see cref="Lines"/> laid out one line per 60 pixels from the top.</summary>
    public static OcrPage Text()
    {
        var lines = new List<OcrLine>();
        for (int n = 0; n < Lines.Length; n++)
        {
            int top = 100 + (60 * n);
            int x = 80;
            var words = new List<OcrWord>();
            foreach (string word in Lines[n].Split(' '))
            {
                int width = 18 * word.Length;
                words.Add(new OcrWord(word, new PixelBox(x, top, x + width, top + 30), 90));
                x += width + 12;
            }

            lines.Add(new OcrLine(n, new PixelBox(80, top, x - 12, top + 30), words));
        }

        return new OcrPage(Width, Height, lines, 90, false);
    }

    /// <summary>An 8-bit page: white paper with black bars where the words are, and a gray smudge (so not bilevel).</summary>
    public static byte[] GraySamples(bool bilevel)
    {
        byte[] gray = new byte[Width * Height];
        Array.Fill(gray, (byte)255);
        foreach (OcrWord word in Text().Words)
        {
            for (int y = word.Box.Top + 5; y < word.Box.Bottom - 5; y++)
            {
                gray.AsSpan((y * Width) + word.Box.Left, word.Box.Width).Fill(0);
            }
        }

        if (!bilevel)
        {
            for (int y = 700; y < 900; y++)
            {
                for (int x = 100; x < 700; x++)
                {
                    gray[(y * Width) + x] = (byte)(128 + ((x + y) % 100));
                }
            }
        }

        return gray;
    }

    public static VisibleImage Gray(bool bilevel) => new(VisibleImageEncoding.Raw, Width, Height, 1, 8, GraySamples(bilevel));

    /// <summary>RGB samples; <paramref name="colour"/> false gives an RGB image whose pixels are all gray.</summary>
    public static VisibleImage Rgb(bool colour)
    {
        byte[] gray = GraySamples(bilevel: false);
        byte[] rgb = new byte[gray.Length * 3];
        for (int i = 0; i < gray.Length; i++)
        {
            rgb[3 * i] = gray[i];
            rgb[(3 * i) + 1] = gray[i];
            rgb[(3 * i) + 2] = colour && gray[i] < 200 ? (byte)(gray[i] / 2) : gray[i];
        }

        return new VisibleImage(VisibleImageEncoding.Raw, Width, Height, 3, 8, rgb);
    }

    /// <summary>A 1-bit image as the decoder hands it over: rows padded to a byte, 0 = black, padding bits black (0).</summary>
    public static VisibleImage Bilevel()
    {
        byte[] gray = GraySamples(bilevel: true);
        int stride = (Width + 7) / 8;
        byte[] packed = new byte[stride * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (gray[(y * Width) + x] != 0)
                {
                    packed[(y * stride) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        return new VisibleImage(VisibleImageEncoding.Raw, Width, Height, 1, 1, packed);
    }

    public static byte[] Compose(params VisibleImage[] images) =>
        Composer().Compose(images.Select(i => new PdfPageContent(i, Dpi, Text())).ToArray(), Info());
}
