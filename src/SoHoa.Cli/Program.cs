using System.CommandLine;
using SoHoa;
using SoHoa.Cli;
using SoHoa.Cli.Commands;

// The commands that run the pipeline restart once, before anything else, with one malloc arena and each method
// compiled once (see the method); the short commands keep the quicker start of tiered compilation.
if (args is ["process" or "worker" or "ocr", ..])
{
    DigitizationProcess.RestartForBatchWork();
}

// One OpenMP thread per Tesseract engine and page buffers kept in the heap: process-wide, so the command opts in here.
DigitizationProcess.TuneNativeLibraries();

var root = new RootCommand("SoHoa: digitize, OCR (Vietnamese), sign (PAdES) and store scanned administrative papers for reuse.")
{
    ProcessCommand.Create(),
    WorkerCommand.Create(),
    SubmitCommand.Create(),
    OcrCommand.Create(),
    FindCommand.Create(),
    SearchCommand.Create(),
    OpenCommand.Create(),
    AuditCommand.Create(),
    ReportCommand.Create(),
    SignCommand.Create(),
    VerifyCommand.Create(),
};

// The worker's Generic Host handles SIGTERM and Ctrl+C itself, with a grace period for the batch in hand; the other
// commands are cancelled and given two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = args.FirstOrDefault() == "worker" ? null : TimeSpan.FromSeconds(2) };
ParseResult parse = root.Parse(args);
int exit = await parse.InvokeAsync(invocation);

// System.CommandLine answers a command line it cannot parse (after printing the errors and help) with 1, which
// SoHoa's commands use for bad input; a usage error is 2, as README.md says.
return parse.Errors.Count > 0 && exit != 0 ? ExitCodes.Usage : exit;
