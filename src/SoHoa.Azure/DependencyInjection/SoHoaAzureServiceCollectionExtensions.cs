using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoHoa;
using SoHoa.Azure.Storage;
using SoHoa.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Azure store of SoHoa with Microsoft.Extensions.DependencyInjection.</summary>
public static class SoHoaAzureServiceCollectionExtensions
{
    /// <summary>The name of SoHoa's blob and table clients in Microsoft.Extensions.Azure (<c>IAzureClientFactory&lt;T&gt;.CreateClient(ClientName)</c>).</summary>
    public const string ClientName = "sohoa";

    /// <summary>
    /// Registers <see cref="AzureDocumentStore"/> as the <see cref="IDocumentStore"/>, which <c>AddSoHoa</c> then uses
    /// instead of a folder (in either order). Its <see cref="BlobServiceClient"/> and <see cref="TableServiceClient"/>
    /// are registered through Microsoft.Extensions.Azure under <see cref="ClientName"/>, from the connection string or
    /// from the service URIs with <see cref="AzureStoreOptions.Credential"/> (Azure.Identity's DefaultAzureCredential
    /// when none, so a deployment can use a managed identity instead of an account key), with the retry policy of the
    /// options. The options are validated when a host starts (ValidateOnStart) and when the store is first resolved,
    /// every problem reported at once; the key files are read then.
    /// </summary>
    public static IServiceCollection AddSoHoaAzureStore(this IServiceCollection services, Action<AzureStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureStoreOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureStoreOptions>, AzureStoreOptionsValidator>();
        services.AddAzureClients(builder =>
        {
            builder.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
                    AzureDocumentStore.BlobClientFor(Validated(provider), clientOptions, credential))
                .WithName(ClientName).WithCredential(provider => Validated(provider).Credential ?? new DefaultAzureCredential());
            builder.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
                    AzureDocumentStore.TableClientFor(Validated(provider), clientOptions, credential))
                .WithName(ClientName).WithCredential(provider => Validated(provider).Credential ?? new DefaultAzureCredential());
        });
        services.AddSingleton(provider =>
        {
            AzureStoreOptions options = Validated(provider);
            return new AzureDocumentStore(
                provider.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(ClientName),
                provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(ClientName),
                options,
                HmacKey.FromFile(options.IndexKeyFile!),
                HmacKey.FromFile(options.AuditKeyFile!),
                provider.GetService<ILoggerFactory>());
        });
        services.AddSingleton<IDocumentStore>(provider => provider.GetRequiredService<AzureDocumentStore>());
        return services;
    }

    /// <summary>The options, validated: a <see cref="SoHoaException"/> listing every problem when they are wrong.</summary>
    private static AzureStoreOptions Validated(IServiceProvider provider)
    {
        AzureStoreOptions options;
        try
        {
            options = provider.GetRequiredService<IOptions<AzureStoreOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration,
                "The Azure store is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(p => "  - " + p)));
        }

        options.ThrowIfInvalid();
        return options;
    }

    /// <summary>Reports every problem of <see cref="AzureStoreOptions.Validate"/> to the options system, so a host refuses to start with them.</summary>
    private sealed class AzureStoreOptionsValidator : IValidateOptions<AzureStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, AzureStoreOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
