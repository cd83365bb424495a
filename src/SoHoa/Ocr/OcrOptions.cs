using System.Text.RegularExpressions;

namespace SoHoa.Ocr;

/// <summary>How pages are recognized.</summary>
public sealed partial class OcrOptions
{
    /// <summary>Tesseract languages joined by '+'; Vietnamese (<c>vie</c>) by default.</summary>
    public string Languages { get; set; } = "vie";

    /// <summary>The folder holding the <c>.traineddata</c> files; null to use TESSDATA_PREFIX or Debian's folder.</summary>
    public string? DataPath { get; set; }

    /// <summary>Tesseract page segmentation mode; 3 (fully automatic, no OSD) by default.</summary>
    public int PageSegmentationMode { get; set; } = 3;

    /// <summary>How many engines run at once; by default one per core.</summary>
    public int EngineCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Pages whose mean confidence is below this (0-100) are flagged for a person to review. Default 60.</summary>
    public double LowConfidenceThreshold { get; set; } = 60;

    /// <summary>
    /// How long Tesseract may spend recognizing one page before that page fails with <c>ocr.deadline</c> (a page that makes
    /// it spin must not hold an engine for ever). Default 2 minutes; a normal page takes one or two seconds.
    /// </summary>
    public TimeSpan PageDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!LanguagesWellFormed)
        {
            problems.Add($"{nameof(Languages)} '{Languages}' must be Tesseract language codes joined by '+', such as vie or vie+eng.");
        }
        else if (ResolveDataPath() is { } path)
        {
            foreach (string language in MissingModels(path))
            {
                problems.Add($"The Tesseract model '{language}' is not installed in {path}; install it with: apt-get install tesseract-ocr-{language}");
            }
        }
        else
        {
            problems.Add("No Tesseract model folder was found; install Tesseract with: apt-get install tesseract-ocr tesseract-ocr-vie, or set TESSDATA_PREFIX.");
        }

        if (PageSegmentationMode is < 0 or > 13 or 0 or 2)
        {
            problems.Add($"{nameof(PageSegmentationMode)} {PageSegmentationMode} is not a recognition mode (1 or 3 to 13).");
        }

        if (EngineCount is < 1 or > 256)
        {
            problems.Add($"{nameof(EngineCount)} must be between 1 and 256.");
        }

        if (LowConfidenceThreshold is < 0 or > 100)
        {
            problems.Add($"{nameof(LowConfidenceThreshold)} must be between 0 and 100.");
        }

        if (PageDeadline < TimeSpan.FromMilliseconds(1) || PageDeadline > TimeSpan.FromMilliseconds(int.MaxValue))
        {
            problems.Add($"{nameof(PageDeadline)} must be between 1 ms and 24 days.");
        }

        return problems;
    }

    /// <summary>True when the languages are well formed but their model folder, or one of their models, is not on this machine.</summary>
    internal bool ModelMissing => LanguagesWellFormed && (ResolveDataPath() is not { } path || MissingModels(path).Any());

    private bool LanguagesWellFormed => !string.IsNullOrWhiteSpace(Languages) && LanguageList().IsMatch(Languages);

    private IEnumerable<string> MissingModels(string path) => Languages.Split('+').Where(language => !File.Exists(Path.Combine(path, language + ".traineddata")));

    /// <summary>The model folder in use: <see cref="DataPath"/>, else TESSDATA_PREFIX, else the first of Debian's folders that exists.</summary>
    public string? ResolveDataPath()
    {
        if (!string.IsNullOrEmpty(DataPath))
        {
            return DataPath;
        }

        string? prefix = Environment.GetEnvironmentVariable("TESSDATA_PREFIX");
        if (!string.IsNullOrEmpty(prefix))
        {
            return prefix;
        }

        string[] candidates = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata"];
        return candidates.FirstOrDefault(Directory.Exists);
    }

    [GeneratedRegex("^[a-z_]+(\\+[a-z_]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageList();
}
