using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace SoHoa.Benchmarks;

/// <summary>The one configuration every benchmark shares: a short run with the memory diagnoser.</summary>
public static class BenchmarkConfig
{
    public static IConfig Default { get; } = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.ShortRun)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary);
}
