using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;
using SoHoa.Signing.Verification;

namespace SoHoa.Cli.Commands;

/// <summary>
/// What <c>process</c> and <c>worker</c> both need to build a pipeline: the store, the officer's and the seal's keys,
/// the signature level, timestamp authority and trust anchors, and where signatures are shown.
/// </summary>
internal sealed class PipelineCommandOptions
{
    public CliStore Store { get; } = new();

    public Option<FileInfo?> Cert { get; } = new("--cert")
    {
        Description = $"A PKCS#12 (.pfx/.p12) signing certificate; its password is read from {CliEnvironment.CertificatePasswordVariable}. With --token: the key's certificate and chain (PEM or DER), when the token does not hold them. " +
            "Without either, a development certificate is used.",
    };

    public Option<FileInfo?> SealCert { get; } = new("--seal-cert")
    {
        Description = $"The agency seal's PKCS#12 certificate; the seal signs each document after the officer. Its password is read from {CliEnvironment.SealPasswordVariable}. " +
            "With --seal-token: the seal key's certificate and chain, when the token does not hold them.",
    };

    public TokenKeyOptions OfficerToken { get; }

    public TokenKeyOptions SealToken { get; }

    public PipelineCommandOptions()
    {
        OfficerToken = TokenKeyOptions.Officer();
        SealToken = TokenKeyOptions.Seal(OfficerToken);
    }

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Log each document as it is processed." };

    public Option<int> Engines { get; } = new("--engines")
    {
        Description = "How many Tesseract engines to run, and documents to work on, at once (1 to 64; default: one per core). " +
            "Give 1 to each of several workers that share a machine.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public SigningOptions Signing { get; } = new();

    private Option<string?> _officerVisible = null!;
    private Option<string?> _sealVisible = null!;

    public void AddTo(Command command)
    {
        command.Options.Add(Cert);
        command.Options.Add(SealCert);
        OfficerToken.AddTo(command);
        SealToken.AddTo(command);
        command.Options.Add(Verbose);
        command.Options.Add(Engines);
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
        var keys = new TokenKeys(OfficerToken.Parse(parse, parse.GetValue(Cert), problems), SealToken.Parse(parse, parse.GetValue(SealCert), problems));
        if (parse.GetValue(Engines) is < 1 or > 64)
        {
            problems.Add($"--engines must be from 1 to 64; it is {parse.GetValue(Engines)}.");
        }

        if (placement.Seal is not null && parse.GetValue(SealCert) is null && keys.Seal is null)
        {
            problems.Add("--seal-visible places the agency seal's signature, which needs --seal-cert <pfx> or --seal-token.");
        }

        problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
        return Signing.CreateOrReport(parse, http) is { } signerOptions && problems.Count == 0
            ? new PipelineSetup(this, parse, signerOptions, placement, keys)
            : null;
    }
}

/// <summary>The officer's and the seal's keys on PKCS#11 tokens, when the command line names them.</summary>
internal sealed record TokenKeys(Pkcs11KeyOptions? Officer, Pkcs11KeyOptions? Seal);

/// <summary>A checked command line, ready to load the keys and register the pipeline's services.</summary>
internal sealed class PipelineSetup(PipelineCommandOptions options, ParseResult parse, PadesSignerOptions signerOptions, SignaturePlacementOptions placement, TokenKeys tokens) : IDisposable
{
    private CertificateKey? _key;
    private CertificateKey? _seal;

    public bool Verbose => parse.GetValue(options.Verbose);

    /// <summary>The PAdES level asked for.</summary>
    public PadesLevel Level => signerOptions.Level;

    /// <summary>
    /// Loads the keys (the development key when neither --cert nor --token is given) and opens the store; a
    /// SoHoaException says what is wrong. Keys on tokens are opened with the pipeline and reached at the first signature,
    /// so a token that is absent or refuses fails each document with the reason while the batch goes on.
    /// </summary>
    public void AddServices(IServiceCollection services)
    {
        _key = tokens.Officer is null ? CliEnvironment.LoadSigningKey(parse.GetValue(options.Cert)?.FullName, Console.Error) : null;
        _seal = tokens.Seal is null && parse.GetValue(options.SealCert) is { } sealFile
            ? CertificateKey.FromPkcs12(sealFile.FullName, KeyPasswords.FromEnvironment(CliEnvironment.SealPasswordVariable))
            : null;
        if (signerOptions.TrustAnchors.Count > 0)
        {
            services.Configure<SignatureVerifierOptions>(o => o.TrustAnchors.AddRange(signerOptions.TrustAnchors));
        }
        else
        {
            // Without --trust a signed input is still checked (integrity, later changes) but no signer is trusted, as
            // before; AddSoHoa refuses to make such a verifier, so it is registered here on purpose.
            services.AddSingleton(sp => new PdfSignatureVerifier(new SignatureVerifierOptions(), sp.GetRequiredService<TimeProvider>()));
        }

        services
            .AddSingleton(signerOptions)
            .AddSingleton(options.Store.Open(parse, mustExist: false))
            .AddSoHoa(o =>
            {
                o.Ocr.EngineCount = parse.GetValue(options.Engines);
                o.Pipeline.DocumentsInParallel = parse.GetValue(options.Engines);
                o.Signing = placement;
                o.OfficerKey = tokens.Officer;
                o.SealKey = tokens.Seal;
            });
        if (_key is not null)
        {
            services.AddSingleton<ISignatureKey>(_key);
        }

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
