using BenchmarkDotNet.Running;
using SoHoa.Benchmarks.Imaging;
using SoHoa.Benchmarks.Ocr;
using SoHoa.Benchmarks.Reporting;

// `ocr --corpus DIR` runs the side-by-side OCR comparison, `process-memory --corpus DIR` the peak memory of growing batches, `scale-out --corpus DIR` one worker against two, `fields --corpus DIR` measures field extraction, `cleanup --corpus DIR` times cleanup alone, and
// `report-ledger` / `report` fill a large report ledger and time the report over it (see
// benchmarks/README.md); anything else goes to BenchmarkDotNet.
// One OpenMP thread per Tesseract engine and page buffers in the heap, as the sohoa command sets them.
SoHoa.DigitizationProcess.TuneNativeLibraries();

if (args.Length > 0 && args[0] == "ocr")
{
    return await OcrComparison.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "process-memory")
{
    return await BatchMemory.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scale-out")
{
    return await ScaleOut.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "fields")
{
    return await SoHoa.Benchmarks.Extraction.FieldAccuracy.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "store-find")
{
    return await SoHoa.Benchmarks.Storage.FindBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "store-search")
{
    return await SoHoa.Benchmarks.Storage.SearchBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "report-ledger")
{
    return await ReportBenchmark.GenerateAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "report")
{
    return await ReportBenchmark.ReportAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "store-azure")
{
    return await SoHoa.Benchmarks.Storage.AzureStoreBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cleanup")
{
    return CleanupSweep.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SoHoa.Benchmarks.BenchmarkConfig.Default);
return 0;
