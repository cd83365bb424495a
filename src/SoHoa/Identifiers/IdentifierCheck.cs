namespace SoHoa.Identifiers;

/// <summary>The outcome of checking an identifier: valid, or the rule it broke.</summary>
/// <param name="IsValid">True when every rule held.</param>
/// <param name="Rule">The short name of the rule that failed (for example <c>length</c>), or null.</param>
/// <param name="Message">A sentence a desk officer can act on, or null when valid.</param>
public readonly record struct IdentifierCheck(bool IsValid, string? Rule, string? Message)
{
    /// <summary>The identifier is valid.</summary>
    public static IdentifierCheck Valid { get; } = new(true, null, null);

    /// <summary>The identifier broke <paramref name="rule"/>.</summary>
    public static IdentifierCheck Invalid(string rule, string message) => new(false, rule, message);
}
