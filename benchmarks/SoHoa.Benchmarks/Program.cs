using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SoHoa.Benchmarks.BenchmarkConfig.Default);
