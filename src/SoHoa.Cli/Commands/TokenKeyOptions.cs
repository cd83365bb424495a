using System.CommandLine;
using SoHoa.Signing.Pkcs11;

namespace SoHoa.Cli.Commands;

/// <summary>
/// A signing key on a PKCS#11 token or HSM, as <c>sign</c>, <c>process</c> and <c>worker</c> name it: the module, the
/// token's label, the key's label and a PIN file (or the PIN in an environment variable; never on the command line).
/// The officer's options are <c>--pkcs11-module --token --key --pin-file</c>; the seal's the same with <c>seal-</c>, its
/// module defaulting to the officer's.
/// </summary>
internal sealed class TokenKeyOptions
{
    public const string OfficerPinVariable = Pkcs11KeyOptions.DefaultPinVariable;
    public const string SealPinVariable = "SOHOA_SEAL_PKCS11_PIN";

    private readonly string _pinVariable;
    private readonly TokenKeyOptions? _moduleFrom;
    private readonly bool _keyShared;

    private TokenKeyOptions(string prefix, string whose, string pinVariable, TokenKeyOptions? moduleFrom, Option<string?>? key)
    {
        _pinVariable = pinVariable;
        _moduleFrom = moduleFrom;
        _keyShared = key is not null;
        Module = new($"--{prefix}pkcs11-module")
        {
            Description = $"The PKCS#11 module (.so) of the token or HSM that holds {whose} key{(moduleFrom is null ? string.Empty : " (default: --pkcs11-module)")}.",
        };
        Token = new($"--{prefix}token") { Description = $"The label of the token that holds {whose} key; the key never leaves it." };
        Key = key ?? new($"--{prefix}key") { Description = $"With --{prefix}token: the label of {whose} private key on the token." };
        PinFile = new($"--{prefix}pin-file") { Description = $"With --{prefix}token: a file whose first line is the token's PIN (otherwise the PIN is read from {pinVariable})." };
    }

    public Option<FileInfo?> Module { get; }

    public Option<string?> Token { get; }

    /// <summary>The key's label; <c>sign</c> shares its <c>--key</c> with the PEM key file it takes without a token.</summary>
    public Option<string?> Key { get; }

    public Option<FileInfo?> PinFile { get; }

    /// <summary>The officer's token options; <paramref name="key"/> is <c>sign</c>'s own <c>--key</c> when it has one.</summary>
    public static TokenKeyOptions Officer(Option<string?>? key = null) => new(string.Empty, "the officer's", OfficerPinVariable, null, key);

    /// <summary>The agency seal's token options, its module defaulting to <paramref name="officer"/>'s.</summary>
    public static TokenKeyOptions Seal(TokenKeyOptions officer) => new("seal-", "the agency seal's", SealPinVariable, officer, null);

    public void AddTo(Command command, bool withKey = true)
    {
        command.Options.Add(Module);
        command.Options.Add(Token);
        if (withKey)
        {
            command.Options.Add(Key);
        }

        command.Options.Add(PinFile);
    }

    /// <summary>True when the command line names a token for this key.</summary>
    public bool IsGiven(ParseResult parse) => parse.GetValue(Token) is not null;

    /// <summary>
    /// The key's options when a token is named, null when none is; every missing or misplaced option is added to
    /// <paramref name="problems"/>. <paramref name="certificate"/> is a PEM or DER file with the certificate and chain,
    /// for tokens that do not hold them.
    /// </summary>
    public Pkcs11KeyOptions? Parse(ParseResult parse, FileInfo? certificate, List<string> problems)
    {
        FileInfo? module = parse.GetValue(Module) ?? (_moduleFrom is null ? null : parse.GetValue(_moduleFrom.Module));
        if (parse.GetValue(Token) is not { } token)
        {
            foreach (Option option in _keyShared ? new Option[] { Module, PinFile } : [Module, PinFile, Key])
            {
                if (parse.GetResult(option) is not null)
                {
                    problems.Add($"{option.Name} is for a key on a token: give {Token.Name} <label> as well.");
                }
            }

            return null;
        }

        if (module is null)
        {
            problems.Add($"{Token.Name} needs {Module.Name} <module.so>: the token vendor's PKCS#11 library.");
        }
        else if (!module.Exists)
        {
            problems.Add($"{Module.Name}: the PKCS#11 module '{module.FullName}' does not exist.");
        }

        if (parse.GetValue(PinFile) is { Exists: false } pinFile)
        {
            problems.Add($"{PinFile.Name}: '{pinFile.FullName}' does not exist.");
        }

        if (parse.GetValue(Key) is not { Length: > 0 } key)
        {
            problems.Add($"{Token.Name} needs {Key.Name} <label>: which key on the token signs.");
            return null;
        }

        return new Pkcs11KeyOptions
        {
            ModulePath = module?.FullName ?? string.Empty,
            TokenLabel = token,
            KeyLabel = key,
            PinFile = parse.GetValue(PinFile)?.FullName,
            PinVariable = _pinVariable,
            CertificateFile = certificate?.FullName,
        };
    }
}
