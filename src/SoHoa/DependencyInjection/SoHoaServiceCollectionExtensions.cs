using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoHoa;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pdf.Composition;
using SoHoa.Pipeline;
using SoHoa.Reuse;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;
using SoHoa.Signing.Verification;
using SoHoa.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SoHoa with Microsoft.Extensions.DependencyInjection.</summary>
public static class SoHoaServiceCollectionExtensions
{
    /// <summary>The service key of the agency seal's <see cref="ISignatureKey"/> (<c>AddKeyedSingleton&lt;ISignatureKey&gt;(SealKey, …)</c>).</summary>
    public const string SealKey = "sohoa.seal";

    /// <summary>
    /// Adds the digitization pipeline and its stages. The officer's key is either on a PKCS#11 token or HSM named in
    /// <see cref="SoHoaOptions.OfficerKey"/>, or an <see cref="ISignatureKey"/> the caller registers (a PKCS#12
    /// <see cref="CertificateKey"/>, or a remote implementation); likewise the agency seal's, optional, in
    /// <see cref="SoHoaOptions.SealKey"/> or registered under <see cref="SealKey"/>. The signer's level and services
    /// (above B-B) are configured with <c>services.Configure&lt;PadesSignerOptions&gt;(…)</c>, and the trust anchors that
    /// signed PDF inputs and reused documents are verified against with <c>services.Configure&lt;SignatureVerifierOptions&gt;(o =&gt; o.Trust(…))</c>;
    /// a <see cref="PadesSignerOptions"/> or <see cref="SignatureVerifierOptions"/> registered as a service is used instead,
    /// under the same rules.
    /// <para>
    /// All three options are checked by <see cref="IValidateOptions{TOptions}"/> validators, registered with
    /// <c>ValidateOnStart</c>: a host refuses to start with an <see cref="OptionsValidationException"/> listing every
    /// problem. Outside a host, resolving a part that needs wrong options throws a <see cref="SoHoaException"/> listing
    /// every problem (<see cref="SoHoaErrorCode.NativeComponent"/> when the machine lacks a Tesseract model or a font,
    /// else <see cref="SoHoaErrorCode.Configuration"/>).
    /// </para>
    /// <para>
    /// The verifier this registers needs at least one trust anchor: without, it would trust no signer, so resolving it
    /// (and the pipeline and reuse service that use it) is a configuration error. To verify without trusting anyone,
    /// register a <see cref="PdfSignatureVerifier"/> of your own, before or after this call.
    /// </para>
    /// </summary>
    public static IServiceCollection AddSoHoa(this IServiceCollection services, Action<SoHoaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        Func<IServiceProvider, IDocumentStore> folderStore = sp => FolderDocumentStore.Open(Validated(sp).StoreDirectory);
        // Whether another store was registered, before or after this call, is known only once the container is built.
        Func<IServiceProvider, ISignatureKey> officerOnToken = sp => sp.GetRequiredService<TokenKeys>().Officer
            ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "No signing key for the officer: set SoHoaOptions.OfficerKey (a PKCS#11 token) or register an ISignatureKey.");
        Func<IServiceProvider, PdfSignatureVerifier> verifier = sp => new PdfSignatureVerifier(VerifierOptions(sp), sp.GetRequiredService<TimeProvider>());
        services.AddOptions<SoHoaOptions>().Configure(configure).ValidateOnStart()
            .PostConfigure(o =>
            {
                o.UsesOtherStore = !ReferenceEquals(services.LastOrDefault(d => d.ServiceType == typeof(IDocumentStore))?.ImplementationFactory, folderStore);
                o.RegisteredKeys = (
                    services.Any(d => d.ServiceType == typeof(ISignatureKey) && !d.IsKeyedService && !ReferenceEquals(d.ImplementationFactory, officerOnToken)),
                    services.Any(d => d.ServiceType == typeof(ISignatureKey) && d.IsKeyedService && Equals(d.ServiceKey, SealKey)));
            });
        services.AddOptions<PadesSignerOptions>().ValidateOnStart();
        services.AddOptions<SignatureVerifierOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SoHoaOptions>, SoHoaOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PadesSignerOptions>, PadesSignerOptionsValidation>(
            sp => new PadesSignerOptionsValidation(sp.GetService<PadesSignerOptions>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignatureVerifierOptions>, SignatureVerifierOptionsValidation>(
            sp => new SignatureVerifierOptionsValidation(
                sp.GetService<SignatureVerifierOptions>(),
                ReferenceEquals(services.LastOrDefault(d => d.ServiceType == typeof(PdfSignatureVerifier) && !d.IsKeyedService)?.ImplementationFactory, verifier))));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => Validated(sp).Imaging);
        services.TryAddSingleton(sp => new PageDecoder(Validated(sp).Imaging));
        services.TryAddSingleton<IPageRecognizer>(sp => new TesseractEnginePool(Validated(sp).Ocr));
        services.TryAddSingleton(sp => new SearchablePdfComposer(SearchablePdfComposer.DefaultGlyphlessFontPath(Validated(sp).Ocr.ResolveDataPath())));
        services.TryAddSingleton(sp => new TokenKeys(Validated(sp)));
        services.TryAddSingleton(officerOnToken);
        services.TryAddSingleton<IPdfSigner>(sp => Signer(sp, sp.GetRequiredService<ISignatureKey>()));
        services.TryAddSingleton(sp => new DocumentSigners(
            sp.GetRequiredService<IPdfSigner>(),
            (sp.GetKeyedService<ISignatureKey>(SealKey) ?? sp.GetRequiredService<TokenKeys>().Seal) is { } seal ? Signer(sp, seal) : null,
            Validated(sp).Signing));
        services.TryAddSingleton(verifier);
        services.TryAddSingleton(folderStore);
        services.TryAddSingleton(sp => new ReuseService(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<PdfSignatureVerifier>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DigitizationPipeline(
            Validated(sp).Pipeline,
            sp.GetRequiredService<PageDecoder>(),
            sp.GetRequiredService<IPageRecognizer>(),
            sp.GetRequiredService<SearchablePdfComposer>(),
            sp.GetRequiredService<DocumentSigners>(),
            sp.GetRequiredService<PdfSignatureVerifier>(),
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<DigitizationPipeline>>(),
            sp.GetRequiredService<ReuseService>()));
        return services;
    }

    private static PadesSigner Signer(IServiceProvider services, ISignatureKey key) =>
        new(key, Checked<PadesSignerOptions>(services, "The signer"), services.GetRequiredService<TimeProvider>());

    private static SignatureVerifierOptions VerifierOptions(IServiceProvider services) =>
        Checked<SignatureVerifierOptions>(services, "The signature verifier");

    /// <summary>
    /// The options registered as a service, else those configured; either way checked by the validator first, so that
    /// a wrong one is a <see cref="SoHoaException"/> listing every problem.
    /// </summary>
    private static T Checked<T>(IServiceProvider services, string what)
        where T : class
    {
        T configured;
        try
        {
            configured = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration,
                $"{what} is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(p => "  - " + p)));
        }

        return services.GetService<T>() ?? configured;
    }

    private static SoHoaOptions Validated(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<SoHoaOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            // The options system keeps only the problems' text; the options themselves, made again without the validator,
            // tell whether a native component is missing, and throw with the right code.
            new OptionsFactory<SoHoaOptions>(services.GetServices<IConfigureOptions<SoHoaOptions>>(), services.GetServices<IPostConfigureOptions<SoHoaOptions>>())
                .Create(Microsoft.Extensions.Options.Options.DefaultName).ThrowIfInvalid();
            throw;
        }
    }
}
