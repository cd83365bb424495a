using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SoHoa.Worker;

/// <summary>Registers the SoHoa worker with a Generic Host.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="BatchWorker"/> taking batches from <paramref name="source"/>. The pipeline and the store come
    /// from <c>AddSoHoa</c>. The host's shutdown timeout is set past the stop grace period, so a stop lets the batch in
    /// hand finish or be let go cleanly.
    /// </summary>
    public static IServiceCollection AddSoHoaWorker(this IServiceCollection services, IBatchSource source, Action<WorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(source);
        services.AddOptions<WorkerOptions>().Configure(o => configure?.Invoke(o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidation>();
        services.AddSingleton(source);
        services.AddHostedService<BatchWorker>();
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) => host.ShutdownTimeout = worker.Value.StopGracePeriod + TimeSpan.FromSeconds(15));
        return services;
    }
}
