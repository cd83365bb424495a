using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Timestamping;

namespace SoHoa.Cli.Commands;

/// <summary>
/// The --level, --tsa and --trust options that <c>sign</c> and <c>process</c> share, the signer options they make, and
/// the one syntax of a visible signature's place (<c>sign --visible</c>, <c>process --officer-visible/--seal-visible</c>).
/// </summary>
internal sealed class SigningOptions
{
    public Option<string> Level { get; } = new("--level")
    {
        Description = "The PAdES baseline level: B-B, B-T (timestamped, needs --tsa), B-LT (plus a DSS with OCSP/CRL data), B-LTA (plus a document timestamp).",
        DefaultValueFactory = _ => "B-B",
    };

    public Option<string?> Tsa { get; } = new("--tsa") { Description = "The RFC 3161 timestamp authority's URL (http or https); required from B-T up." };

    public Option<FileInfo[]> Trust { get; } = new("--trust")
    {
        Description = "A CA certificate (PEM or DER) that completes the signer's and the TSA's chains in the DSS, and that signed PDF inputs of process are verified against; repeat for several.",
        AllowMultipleArgumentsPerToken = false,
    };

    public IEnumerable<Option> All => [Level, Tsa, Trust];

    /// <summary>Adds the signing options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Adds an option <paramref name="name"/> that places <paramref name="whose"/> signature visibly, in the syntax both commands share.</summary>
    public static Option<string?> AddVisible(Command command, string name, string whose)
    {
        var option = new Option<string?>(name)
        {
            Description = $"Show {whose} signature (\"Ký bởi\", \"Ngày ký\") in a box: <page>,<left>,<bottom>,<width>,<height> in points from the page's lower-left corner, " +
                $"or a corner of the page ({string.Join(", ", SignatureCorners.Names)}), optionally followed by ,<page> (default page 1): a 220x48-point box, 36 points in. " +
                "A box that leaves the page, or a page beyond the document, is an error.",
        };
        command.Options.Add(option);
        return option;
    }

    /// <summary>Reads a visible signature's place from <paramref name="option"/>: null when it is not given; a problem naming the option when it is wrong.</summary>
    public static SignatureAppearance? ParseVisible(ParseResult parse, Option<string?> option, List<string> problems)
    {
        if (parse.GetValue(option) is not { } text)
        {
            return null;
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        SignatureAppearance? appearance = null;
        if (SignatureCorners.TryParse(parts[0], out SignatureCorner corner))
        {
            if (parts.Length == 1)
            {
                appearance = SignatureAppearance.AtCorner(corner);
            }
            else if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int cornerPage))
            {
                appearance = SignatureAppearance.AtCorner(corner, cornerPage);
            }
        }
        else if (parts.Length == 5 && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int page))
        {
            double[] numbers = new double[4];
            if (Enumerable.Range(0, 4).All(i => double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])))
            {
                appearance = new SignatureAppearance(page, numbers[0], numbers[1], numbers[2], numbers[3]);
            }
        }

        if (appearance is null)
        {
            problems.Add($"{option.Name} must be <page>,<left>,<bottom>,<width>,<height> or a corner ({string.Join(", ", SignatureCorners.Names)}) with an optional ,<page>; '{text}' is neither.");
            return null;
        }

        IReadOnlyList<string> wrong = appearance.Validate(option.Name);
        problems.AddRange(wrong);
        return wrong.Count == 0 ? appearance : null;
    }

    /// <summary>Builds the signer options, or prints every problem to stderr and returns null.</summary>
    public PadesSignerOptions? CreateOrReport(ParseResult parse, HttpClient http)
    {
        PadesSignerOptions options = Create(parse, http, out IReadOnlyList<string> problems);
        foreach (string problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        return problems.Count == 0 ? options : null;
    }

    /// <summary>Builds the signer options, or returns the problems with the command line.</summary>
    public PadesSignerOptions Create(ParseResult parse, HttpClient http, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var options = new PadesSignerOptions();
        if (!PadesLevelNames.TryParse(parse.GetValue(Level), out PadesLevel level))
        {
            found.Add($"--level must be B-B, B-T, B-LT or B-LTA, not '{parse.GetValue(Level)}'.");
        }

        options.Level = level;
        string? tsaText = parse.GetValue(Tsa);
        Uri? tsa = null;
        if (tsaText is not null)
        {
            if (!Uri.TryCreate(tsaText, UriKind.Absolute, out tsa) || (tsa.Scheme != Uri.UriSchemeHttp && tsa.Scheme != Uri.UriSchemeHttps))
            {
                found.Add("--tsa must be an absolute http or https URL.");
            }
            else
            {
                options.TimestampClient = new HttpTimestampClient(http, tsa);
            }
        }

        if (level >= PadesLevel.BaselineT && tsa is null)
        {
            found.Add($"--level {level.ToName()} needs --tsa <url>; a signature is never made weaker than asked.");
        }

        if (level >= PadesLevel.BaselineLT)
        {
            options.RevocationFetcher = new RevocationFetcher(http);
        }

        foreach (FileInfo anchor in parse.GetValue(Trust) ?? [])
        {
            try
            {
                var loaded = new X509Certificate2Collection();
                if (File.ReadAllText(anchor.FullName).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    loaded.ImportFromPemFile(anchor.FullName);
                }
                else
                {
                    loaded.Add(X509CertificateLoader.LoadCertificateFromFile(anchor.FullName));
                }

                options.TrustAnchors.AddRange(loaded);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                found.Add($"--trust '{anchor.FullName}' is not a readable PEM or DER certificate.");
            }
        }

        problems = found;
        return options;
    }
}
