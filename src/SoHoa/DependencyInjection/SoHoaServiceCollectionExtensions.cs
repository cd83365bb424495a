using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoHoa;
using SoHoa.Imaging;
using SoHoa.Ocr;
using SoHoa.Ocr.Tesseract;
using SoHoa.Pdf.Composition;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SoHoa with Microsoft.Extensions.DependencyInjection.</summary>
public static class SoHoaServiceCollectionExtensions
{
    /// <summary>
    /// Adds the digitization pipeline and its stages. The caller registers an <see cref="ISignatureKey"/>
    /// (a PKCS#12 <see cref="CertificateKey"/>, or an HSM/remote implementation) and, for levels above B-B, a <see cref="PadesSignerOptions"/>.
    /// Options are validated when the pipeline is first resolved.
    /// </summary>
    public static IServiceCollection AddSoHoa(this IServiceCollection services, Action<SoHoaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SoHoaOptions>().Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => Validated(sp).Imaging);
        services.TryAddSingleton(sp => new PageDecoder(Validated(sp).Imaging));
        services.TryAddSingleton<IPageRecognizer>(sp => new TesseractEnginePool(Validated(sp).Ocr));
        services.TryAddSingleton(sp => new SearchablePdfComposer(SearchablePdfComposer.DefaultGlyphlessFontPath(Validated(sp).Ocr.ResolveDataPath())));
        services.TryAddSingleton<IPdfSigner>(sp => new PadesSigner(sp.GetRequiredService<ISignatureKey>(), sp.GetService<PadesSignerOptions>() ?? new PadesSignerOptions(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => FolderDocumentStore.Open(Validated(sp).StoreDirectory));
        services.TryAddSingleton<IDocumentStore>(sp => sp.GetRequiredService<FolderDocumentStore>());
        services.TryAddSingleton(sp => new DigitizationPipeline(
            Validated(sp).Pipeline,
            sp.GetRequiredService<PageDecoder>(),
            sp.GetRequiredService<IPageRecognizer>(),
            sp.GetRequiredService<SearchablePdfComposer>(),
            sp.GetRequiredService<IPdfSigner>(),
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<DigitizationPipeline>>()));
        return services;
    }

    private static SoHoaOptions Validated(IServiceProvider services)
    {
        SoHoaOptions options = services.GetRequiredService<IOptions<SoHoaOptions>>().Value;
        options.ThrowIfInvalid();
        return options;
    }
}
