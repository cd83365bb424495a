using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.Signing;
using SoHoa.Signing.Verification;

namespace SoHoa.Cli.Commands;

/// <summary>
/// What <c>process</c> and <c>worker</c> both need to build a pipeline: the store, the officer's and the seal's keys,
/// the signature level, timestamp authority and trust anchors, and where signatures are shown.
/// </summary>
internal sealed class PipelineCommandOptions
{
    public CliStore Store { get; } = new();

    public Option<FileInfo?> Cert { get; } = new("--cert") { Description = $"A PKCS#12 (.pfx/.p12) signing certificate; its password is read from {CliEnvironment.CertificatePasswordVariable}. Without it a development certificate is used." };

    public Option<FileInfo?> SealCert { get; } = new("--seal-cert")
    {
        Description = $"The agency seal's PKCS#12 certificate; the seal signs each document after the officer. Its password is read from {CliEnvironment.SealPasswordVariable}.",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log each document as it is processed." };

    public SigningOptions Signing { get; } = new();

    private Option<string?> _officerVisible = null!;
    private Option<string?> _sealVisible = null!;

    public void AddTo(Command command)
    {
        command.Options.Add(Cert);
        command.Options.Add(SealCert);
        command.Options.Add(Verbose);
        Store.AddTo(command);
        Signing.AddTo(command);
        _officerVisible = SigningOptions.AddVisible(command, "--officer-visible", "the scanning officer's");
        _sealVisible = SigningOptions.AddVisible(command, "--seal-visible", "the agency seal's");
    }

    /// <summary>Checks the command line; prints every problem and returns null when it is wrong.</summary>
    public PipelineSetup? Parse(ParseResult parse, HttpClient http)
    {
        var problems = new List<string>();
        var placement = new SignaturePlacementOptions
        {
            Officer = SigningOptions.ParseVisible(parse, _officerVisible, problems),
            Seal = SigningOptions.ParseVisible(parse, _sealVisible, problems),
        };
        if (placement.Seal is not null && parse.GetValue(SealCert) is null)
        {
            problems.Add("--seal-visible places the agency seal's signature, which needs --seal-cert <pfx>.");
        }

        problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
        return Signing.CreateOrReport(parse, http) is { } signerOptions && problems.Count == 0
            ? new PipelineSetup(this, parse, signerOptions, placement)
            : null;
    }
}

/// <summary>A checked command line, ready to load the keys and register the pipeline's services.</summary>
internal sealed class PipelineSetup(PipelineCommandOptions options, ParseResult parse, PadesSignerOptions signerOptions, SignaturePlacementOptions placement) : IDisposable
{
    private CertificateKey? _key;
    private CertificateKey? _seal;

    public bool Verbose => parse.GetValue(options.Verbose);

    /// <summary>The PAdES level asked for, as the report and results name it (B-B, B-T, B-LT, B-LTA).</summary>
    public string LevelName => signerOptions.Level.ToName();

    /// <summary>Loads the keys (the development key when no --cert is given) and opens the store; a SoHoaException says what is wrong.</summary>
    public void AddServices(IServiceCollection services)
    {
        _key = CliEnvironment.LoadSigningKey(parse.GetValue(options.Cert)?.FullName, Console.Error);
        _seal = parse.GetValue(options.SealCert) is { } sealFile ? CertificateKey.FromPkcs12(sealFile.FullName, KeyPasswords.FromEnvironment(CliEnvironment.SealPasswordVariable)) : null;
        var verifierOptions = new SignatureVerifierOptions();
        verifierOptions.TrustAnchors.AddRange(signerOptions.TrustAnchors);
        services
            .AddSingleton<ISignatureKey>(_key)
            .AddSingleton(signerOptions)
            .AddSingleton(verifierOptions)
            .AddSingleton(options.Store.Open(parse, mustExist: false))
            .AddSoHoa(o => o.Signing = placement);
        if (_seal is not null)
        {
            services.AddKeyedSingleton<ISignatureKey>(SoHoaServiceCollectionExtensions.SealKey, _seal);
        }
    }

    public void Dispose()
    {
        _key?.Dispose();
        _seal?.Dispose();
    }
}
