using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace SoHoa.Benchmarks;

/// <summary>The one configuration every micro benchmark shares: default jobs, with allocations measured.</summary>
internal sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
