using SoHoa.Signing.Revocation;
using SoHoa.Signing.Timestamping;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing;

/// <summary>The PAdES baseline levels (ETSI EN 319 142-1).</summary>
public enum PadesLevel
{
    /// <summary>B-B: the CAdES signature alone; the signing time is only claimed.</summary>
    BaselineB = 0,

    /// <summary>B-T: plus an RFC 3161 timestamp over the signature value, proving it existed at that time.</summary>
    BaselineT = 1,

    /// <summary>B-LT: plus a DSS with the certificates and the OCSP responses or CRLs needed to validate it later.</summary>
    BaselineLT = 2,

    /// <summary>B-LTA: plus a document timestamp over the DSS, so the validation data itself is protected.</summary>
    BaselineLTA = 3,
}

/// <summary>The names of <see cref="PadesLevel"/> as written on the command line and in reports: B-B, B-T, B-LT, B-LTA.</summary>
public static class PadesLevelNames
{
    /// <summary>The level's name, such as <c>B-LT</c>.</summary>
    public static string ToName(this PadesLevel level) => level switch
    {
        PadesLevel.BaselineB => "B-B",
        PadesLevel.BaselineT => "B-T",
        PadesLevel.BaselineLT => "B-LT",
        PadesLevel.BaselineLTA => "B-LTA",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>Parses B-B, B-T, B-LT or B-LTA (case-insensitive).</summary>
    public static bool TryParse(string? text, out PadesLevel level)
    {
        level = PadesLevel.BaselineB;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "B-B": level = PadesLevel.BaselineB; return true;
            case "B-T": level = PadesLevel.BaselineT; return true;
            case "B-LT": level = PadesLevel.BaselineLT; return true;
            case "B-LTA": level = PadesLevel.BaselineLTA; return true;
            default: return false;
        }
    }
}

/// <summary>How <see cref="PadesSigner"/> signs: the level and the services it needs for it.</summary>
public sealed class PadesSignerOptions
{
    /// <summary>The level to reach; the signer fails rather than produce a weaker one. Default B-B.</summary>
    public PadesLevel Level { get; set; } = PadesLevel.BaselineB;

    /// <summary>The timestamp authority client, required from B-T up.</summary>
    public ITimestampClient? TimestampClient { get; set; }

    /// <summary>Fetches OCSP responses and CRLs for the DSS, required from B-LT up.</summary>
    public RevocationFetcher? RevocationFetcher { get; set; }

    /// <summary>Roots (and intermediates) used to complete the signer's and the TSA's chains for the DSS.</summary>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Level))
        {
            problems.Add($"{nameof(Level)} {(int)Level} is not a PAdES baseline level.");
        }

        if (Level >= PadesLevel.BaselineT && TimestampClient is null)
        {
            problems.Add($"Level {Level.ToName()} needs a timestamp authority (a TSA URL).");
        }

        if (Level >= PadesLevel.BaselineLT && RevocationFetcher is null)
        {
            problems.Add($"Level {Level.ToName()} needs a revocation fetcher (OCSP/CRL over HTTP).");
        }

        return problems;
    }
}
