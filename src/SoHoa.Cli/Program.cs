using System.CommandLine;
using SoHoa.Cli.Commands;

var root = new RootCommand("SoHoa: digitize, OCR (Vietnamese), sign (PAdES) and store scanned administrative papers for reuse.")
{
    ProcessCommand.Create(),
    OcrCommand.Create(),
    FindCommand.Create(),
    OpenCommand.Create(),
    AuditCommand.Create(),
    ReportCommand.Create(),
    SignCommand.Create(),
    VerifyCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
