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
    /// <see cref="SoHoaOptions.SealKey"/> or registered under <see cref="SealKey"/>. The caller registers, for levels
    /// above B-B, a <see cref="PadesSignerOptions"/>, and the trust anchors that signed PDF inputs are verified against in
    /// a <see cref="SignatureVerifierOptions"/>.
    /// Options are validated when the pipeline is first resolved.
    /// </summary>
    public static IServiceCollection AddSoHoa(this IServiceCollection services, Action<SoHoaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        Func<IServiceProvider, IDocumentStore> folderStore = sp => FolderDocumentStore.Open(Validated(sp).StoreDirectory);
        // Whether another store was registered, before or after this call, is known only once the container is built.
        Func<IServiceProvider, ISignatureKey> officerOnToken = sp => sp.GetRequiredService<TokenKeys>().Officer
            ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "No signing key for the officer: set SoHoaOptions.OfficerKey (a PKCS#11 token) or register an ISignatureKey.");
        services.AddOptions<SoHoaOptions>().Configure(configure)
            .PostConfigure(o =>
            {
                o.UsesOtherStore = !ReferenceEquals(services.LastOrDefault(d => d.ServiceType == typeof(IDocumentStore))?.ImplementationFactory, folderStore);
                o.RegisteredKeys = (
                    services.Any(d => d.ServiceType == typeof(ISignatureKey) && !d.IsKeyedService && !ReferenceEquals(d.ImplementationFactory, officerOnToken)),
                    services.Any(d => d.ServiceType == typeof(ISignatureKey) && d.IsKeyedService && Equals(d.ServiceKey, SealKey)));
            });
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
        services.TryAddSingleton(sp => new PdfSignatureVerifier(sp.GetService<SignatureVerifierOptions>() ?? new SignatureVerifierOptions(), sp.GetRequiredService<TimeProvider>()));
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
        new(key, services.GetService<PadesSignerOptions>() ?? new PadesSignerOptions(), services.GetRequiredService<TimeProvider>());

    private static SoHoaOptions Validated(IServiceProvider services)
    {
        SoHoaOptions options = services.GetRequiredService<IOptions<SoHoaOptions>>().Value;
        options.ThrowIfInvalid();
        return options;
    }
}
