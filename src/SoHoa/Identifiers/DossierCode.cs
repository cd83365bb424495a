using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SoHoa.Identifiers;

/// <summary>
/// A dossier code (mã hồ sơ, Circular 01/2018/TT-VPCP art. 19):
/// <c>&lt;agency code&gt;-&lt;yyMMdd received&gt;-&lt;4-digit daily sequence&gt;</c>, for example <c>000.00.01.H12-261122-0001</c>.
/// </summary>
public readonly partial record struct DossierCode
{
    private DossierCode(string value, string agencyCode, DateOnly receivedOn, int sequence)
    {
        Value = value;
        AgencyCode = agencyCode;
        ReceivedOn = receivedOn;
        Sequence = sequence;
    }

    /// <summary>The whole code.</summary>
    public string Value { get; }

    /// <summary>The receiving agency's code, such as <c>000.00.01.H12</c>.</summary>
    public string AgencyCode { get; }

    /// <summary>The day the dossier was received.</summary>
    public DateOnly ReceivedOn { get; }

    /// <summary>The sequence number within that day at that agency.</summary>
    public int Sequence { get; }

    /// <summary>Checks <paramref name="text"/> and returns the code when valid.</summary>
    public static IdentifierCheck TryParse(string? text, [NotNullWhen(true)] out DossierCode? code)
    {
        code = null;
        if (string.IsNullOrEmpty(text))
        {
            return IdentifierCheck.Invalid("required", "The dossier code is missing.");
        }

        Match m = Shape().Match(text);
        if (!m.Success)
        {
            return IdentifierCheck.Invalid(
                "format",
                $"Dossier code '{text}' does not have the form <agency code>-<yyMMdd>-<4 digits>, e.g. 000.00.01.H12-261122-0001.");
        }

        string agency = m.Groups["agency"].Value;
        if (!AgencyCodeShape().IsMatch(agency))
        {
            return IdentifierCheck.Invalid("agency", $"'{agency}' in dossier code '{text}' is not an agency code like 000.00.01.H12.");
        }

        string date = m.Groups["date"].Value;
        if (!DateOnly.TryParseExact(date, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly received))
        {
            return IdentifierCheck.Invalid("date", $"'{date}' in dossier code '{text}' is not a date in yyMMdd form.");
        }

        int sequence = int.Parse(m.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (sequence == 0)
        {
            return IdentifierCheck.Invalid("sequence", $"The daily sequence in dossier code '{text}' starts at 0001, not 0000.");
        }

        code = new DossierCode(text, agency, received, sequence);
        return IdentifierCheck.Valid;
    }

    /// <summary>Parses a valid dossier code or throws <see cref="SoHoaException"/> naming the broken rule.</summary>
    public static DossierCode Parse(string text)
    {
        IdentifierCheck check = TryParse(text, out DossierCode? code);
        return code ?? throw new SoHoaException(SoHoaErrorCode.InvalidIdentifier, check.Message!);
    }

    /// <summary>The code of the n-th result issued for this dossier (Decree 45/2020 art. 14): <c>&lt;dossier code&gt;-KQ&lt;n&gt;</c>.</summary>
    public string ResultCode(int n) =>
        n < 1 ? throw new ArgumentOutOfRangeException(nameof(n), n, "Result numbers start at 1.") : string.Create(CultureInfo.InvariantCulture, $"{Value}-KQ{n}");

    /// <inheritdoc/>
    public override string ToString() => Value;

    [GeneratedRegex(@"^(?<agency>[^-]+)-(?<date>\d{6})-(?<seq>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$", RegexOptions.CultureInvariant)]
    internal static partial Regex AgencyCodeShape();
}
