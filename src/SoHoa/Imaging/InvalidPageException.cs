namespace SoHoa.Imaging;

/// <summary>A page file that cannot be used, with the rule it broke; the document is refused, the batch goes on.</summary>
public sealed class InvalidPageException : SoHoaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="rule">A short stable rule name, such as <c>image.truncated</c>.</param>
    /// <param name="message">What is wrong.</param>
    public InvalidPageException(string rule, string message)
        : base(SoHoaErrorCode.InvalidInputFile, message)
    {
        Rule = rule;
    }

    /// <summary>The rule that failed.</summary>
    public string Rule { get; }
}
