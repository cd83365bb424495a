using System.Globalization;

namespace SoHoa.TestData.Generator.Cli;

/// <summary>A command name followed by <c>--name value</c> options; nothing else is accepted.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _options;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandLine(string command, Dictionary<string, string> options)
    {
        Command = command;
        _options = options;
    }

    public string Command { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("Name a command first.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i += 2)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
            {
                throw new UsageException($"Expected an option such as --out, not '{name}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"Option {name} needs a value.");
            }

            if (!options.TryAdd(name[2..], args[i + 1]))
            {
                throw new UsageException($"Option {name} is given twice.");
            }
        }

        return new CommandLine(args[0], options);
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"The {Command} command needs --{name}.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int RequiredPositiveInt(string name)
    {
        string text = Required(name);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new UsageException($"--{name} must be a positive whole number, not '{text}'.");
    }

    public ulong OptionalSeed(string name, ulong defaultValue)
    {
        string? text = Optional(name);
        if (text is null)
        {
            return defaultValue;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new UsageException($"--{name} must be a non-negative whole number, not '{text}'.");
    }

    /// <summary>Fails on options the command did not ask for, so that a typo is not silently ignored.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _options.Keys.Where(name => !_used.Contains(name)).Select(name => "--" + name).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s) for {Command}: {string.Join(", ", unknown)}.");
        }
    }
}

/// <summary>The command line is wrong; the message says how.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
