using System.Globalization;
using System.Text.Json;
using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>The targets of one year and level, in percent (0–100); null where none is set.</summary>
/// <param name="DossiersDigitized">Dossiers with a digitized or reused component ÷ dossiers received.</param>
/// <param name="ResultsDigitized">Results digitized ÷ results issued.</param>
/// <param name="DossiersReused">Dossiers served by reuse ÷ dossiers received.</param>
public sealed record RateTargets(double? DossiersDigitized, double? ResultsDigitized, double? DossiersReused);

/// <summary>
/// The yearly targets each rate is shown against, per agency level. The defaults are Decision 468/QĐ-TTg's for
/// digitizing dossiers and results: in 2021 ministry 40%, province 30%, district 20%, commune 15%, then 20 points more
/// each year up to 100%; it sets none for reuse. A province's plan overrides them with a JSON file (schema
/// <c>sohoa.report-targets/v1</c>):
/// <code>
/// { "schema": "sohoa.report-targets/v1", "source": "Kế hoạch 123/KH-UBND",
///   "years": { "2026": { "commune": { "dossiersDigitized": 90, "resultsDigitized": 90, "dossiersReused": 80 } } } }
/// </code>
/// A year and level named in the file take the rates it gives and keep the defaults for the others.
/// </summary>
public sealed class DigitizationTargets
{
    /// <summary>The schema of a targets file.</summary>
    public const string Schema = "sohoa.report-targets/v1";

    /// <summary>The default's source, as the report names it.</summary>
    public const string Decision468Source = "Quyết định 468/QĐ-TTg (mặc định)";

    private readonly Dictionary<(int Year, AgencyLevel Level), RateTargets> _overrides;

    private DigitizationTargets(string source, Dictionary<(int, AgencyLevel), RateTargets> overrides)
    {
        Source = source;
        _overrides = overrides;
    }

    /// <summary>Decision 468/QĐ-TTg's targets alone.</summary>
    public static DigitizationTargets Decision468 { get; } = new(Decision468Source, []);

    /// <summary>Where the targets come from, for the report.</summary>
    public string Source { get; }

    /// <summary>The targets of <paramref name="level"/> in <paramref name="year"/>.</summary>
    public RateTargets For(int year, AgencyLevel level)
    {
        double? digitized = Default(year, level);
        var defaults = new RateTargets(digitized, digitized, null);
        return _overrides.TryGetValue((year, level), out RateTargets? set)
            ? new RateTargets(set.DossiersDigitized ?? defaults.DossiersDigitized, set.ResultsDigitized ?? defaults.ResultsDigitized, set.DossiersReused ?? defaults.DossiersReused)
            : defaults;
    }

    /// <summary>Decision 468's target for digitizing dossiers and results: none before 2021, then the 2021 figure plus 20 points a year, at most 100.</summary>
    public static double? Default(int year, AgencyLevel level)
    {
        if (year < 2021)
        {
            return null;
        }

        double start = level switch
        {
            AgencyLevel.Ministry => 40,
            AgencyLevel.Province => 30,
            AgencyLevel.District => 20,
            _ => 15,
        };
        return Math.Min(100, start + (20 * (year - 2021)));
    }

    /// <summary>Reads a targets file; every problem in it is reported at once (a <see cref="SoHoaException"/> with <see cref="SoHoaErrorCode.Configuration"/>).</summary>
    public static DigitizationTargets Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, $"The targets file '{path}' cannot be read: {ex.Message}", innerException: ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a targets file's bytes; <paramref name="name"/> names it in messages and is the source when it names none.</summary>
    public static DigitizationTargets Parse(ReadOnlyMemory<byte> json, string name)
    {
        var problems = new List<string>();
        var overrides = new Dictionary<(int, AgencyLevel), RateTargets>();
        string source = name;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SoHoaException(SoHoaErrorCode.Configuration, $"The targets file '{name}' must hold a JSON object.");
            }

            if (!root.TryGetProperty("schema", out JsonElement schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != Schema)
            {
                problems.Add($"\"schema\" must be \"{Schema}\".");
            }

            if (root.TryGetProperty("source", out JsonElement named) && named.ValueKind == JsonValueKind.String && named.GetString() is { Length: > 0 } text)
            {
                source = text;
            }

            if (!root.TryGetProperty("years", out JsonElement years) || years.ValueKind != JsonValueKind.Object)
            {
                problems.Add("\"years\" must be an object whose names are years, such as \"2026\".");
            }
            else
            {
                foreach (JsonProperty year in years.EnumerateObject())
                {
                    ReadYear(year, overrides, problems);
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"it is not valid JSON (line {ex.LineNumber + 1}).");
        }

        return problems.Count == 0
            ? new DigitizationTargets(source, overrides)
            : throw new SoHoaException(SoHoaErrorCode.Configuration, $"The targets file '{name}' is not usable: " + string.Join(" ", problems));
    }

    private static void ReadYear(JsonProperty year, Dictionary<(int, AgencyLevel), RateTargets> overrides, List<string> problems)
    {
        if (year.Name.Length != 4 || !int.TryParse(year.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 2000)
        {
            problems.Add($"\"{year.Name}\" under \"years\" is not a year.");
            return;
        }

        if (year.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"years.{year.Name} must be an object of levels (ministry, province, district, commune).");
            return;
        }

        foreach (JsonProperty level in year.Value.EnumerateObject())
        {
            string at = $"years.{year.Name}.{level.Name}";
            if (!Enum.TryParse(level.Name, ignoreCase: true, out AgencyLevel parsed) || !Enum.IsDefined(parsed) || level.Name.Any(char.IsDigit))
            {
                problems.Add($"{at}: \"{level.Name}\" is not a level (ministry, province, district, commune).");
                continue;
            }

            if (level.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{at} must be an object with dossiersDigitized, resultsDigitized and/or dossiersReused.");
                continue;
            }

            overrides[(number, parsed)] = new RateTargets(
                Percent(level.Value, "dossiersDigitized", at, problems),
                Percent(level.Value, "resultsDigitized", at, problems),
                Percent(level.Value, "dossiersReused", at, problems));
            foreach (JsonProperty unknown in level.Value.EnumerateObject().Where(p => p.Name is not ("dossiersDigitized" or "resultsDigitized" or "dossiersReused")))
            {
                problems.Add($"{at}.{unknown.Name} is not a rate (dossiersDigitized, resultsDigitized, dossiersReused).");
            }
        }
    }

    private static double? Percent(JsonElement level, string name, string at, List<string> problems)
    {
        if (!level.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double percent) && percent is >= 0 and <= 100)
        {
            return percent;
        }

        problems.Add($"{at}.{name} must be a percentage from 0 to 100.");
        return null;
    }
}
