using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SoHoa.Identifiers;

/// <summary>
/// An administrative procedure code (mã TTHC) from the national database: <c>\d.\d{6}</c> such as <c>1.001612</c>,
/// optionally followed by the publishing agency (<c>.000.00.00.H12</c>) and a variant suffix (<c>.02</c>).
/// </summary>
public readonly partial record struct ProcedureCode
{
    private ProcedureCode(string value) => Value = value;

    /// <summary>The whole code.</summary>
    public string Value { get; }

    /// <summary>The national part, such as <c>1.001612</c>.</summary>
    public string NationalCode => Value[..8];

    /// <summary>Checks <paramref name="text"/> and returns the code when valid.</summary>
    public static IdentifierCheck TryParse(string? text, [NotNullWhen(true)] out ProcedureCode? code)
    {
        code = null;
        if (string.IsNullOrEmpty(text))
        {
            return IdentifierCheck.Invalid("required", "The procedure code is missing.");
        }

        if (!Shape().IsMatch(text))
        {
            return IdentifierCheck.Invalid(
                "format",
                $"Procedure code '{text}' does not have the form d.dddddd (e.g. 1.001612), optionally followed by .000.00.00.H12 and a variant .02.");
        }

        code = new ProcedureCode(text);
        return IdentifierCheck.Valid;
    }

    /// <summary>Parses a valid procedure code or throws <see cref="SoHoaException"/>.</summary>
    public static ProcedureCode Parse(string text)
    {
        IdentifierCheck check = TryParse(text, out ProcedureCode? code);
        return code ?? throw new SoHoaException(SoHoaErrorCode.InvalidIdentifier, check.Message!);
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    [GeneratedRegex(@"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?(\.\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
