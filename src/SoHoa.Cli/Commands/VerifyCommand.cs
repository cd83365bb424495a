using System.CommandLine;
using System.Text.Json;
using SoHoa.Pipeline;
using SoHoa.Signing.Verification;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa verify &lt;file.pdf&gt;</c>: report each signature and every change made after it.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The signed PDF." };
        var trust = new Option<FileInfo[]>("--trust") { Description = "A trust anchor certificate (PEM or DER); repeat for several.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema sohoa.verify/v1)." };
        var online = new Option<bool>("--online") { Description = "Fetch OCSP responses or CRLs over the network for certificates the file's DSS says nothing about, only from URLs under an --online-allow prefix." };
        var allow = new Option<string[]>("--online-allow") { Description = "A URL prefix (such as http://ocsp.ca.gov.vn/) that --online may fetch from; repeat for several. The URLs come from certificates in the file, which anyone can write, so nothing else is fetched." };
        var command = new Command("verify", "Verify every signature of a PDF: integrity, signer and chain to the trust anchors, revocation of the signer's and the TSAs' chains at the signing time, level, and what changed after it (DocMDP and FieldMDP respected). Exits 0 only when all is valid.")
        {
            file, trust, json, online, allow,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            string[] prefixes = parse.GetValue(allow) ?? [];
            if (parse.GetValue(online) && prefixes.Length == 0)
            {
                Console.Error.WriteLine("error: --online needs at least one --online-allow <url prefix>: the URLs come from certificates in the file, and only those under an allowed prefix are fetched.");
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunAsync(parse.GetValue(file)!, parse.GetValue(trust) ?? [], parse.GetValue(json), parse.GetValue(online), prefixes, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, FileInfo[] trust, bool json, bool online, string[] allowed, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var fetcherOptions = new SoHoa.Signing.Revocation.RevocationFetcherOptions();
        foreach (string prefix in allowed)
        {
            fetcherOptions.AllowedUrlPrefixes.Add(prefix);
        }

        var options = new SignatureVerifierOptions { RevocationFetcher = online ? new SoHoa.Signing.Revocation.RevocationFetcher(http, options: fetcherOptions) : null };
        try
        {
            foreach (FileInfo anchor in trust)
            {
                options.Trust(anchor.FullName);
            }
        }
        catch (SoHoaException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Usage;
        }

        if (!file.Exists)
        {
            Console.Error.WriteLine($"error: '{file.FullName}' does not exist.");
            return ExitCodes.BadInput;
        }

        VerificationReport report = await new PdfSignatureVerifier(options).VerifyAsync(await File.ReadAllBytesAsync(file.FullName, cancellationToken), cancellationToken);
        if (json)
        {
            var output = new
            {
                schema = "sohoa.verify/v1",
                file = file.FullName,
                valid = report.IsValid,
                report.Problems,
                signatures = report.Signatures.Select(s => new
                {
                    s.FieldName,
                    s.SubFilter,
                    s.Signer,
                    s.SignerCertificateSha256,
                    s.SigningTime,
                    s.Revision,
                    s.CoversWholeDocument,
                    s.IntegrityValid,
                    s.CertificateTrusted,
                    s.Level,
                    s.TimestampTime,
                    s.BestSignatureTime,
                    s.Revocation,
                    s.TimestampRevocation,
                    s.DocMdpPermission,
                    valid = s.IsValid,
                    s.ChangesAfter,
                    s.Problems,
                }),
            };
            Console.WriteLine(JsonSerializer.Serialize(output, BatchResultJson.Options));
        }
        else
        {
            Console.WriteLine($"{file.Name}: {(report.IsValid ? "VALID" : "NOT VALID")} ({report.Signatures.Count} signature(s))");
            foreach (VerificationProblem problem in report.Problems)
            {
                Console.WriteLine($"  ! {problem.Code}: {problem.Message}");
            }

            foreach (SignatureReport s in report.Signatures)
            {
                Console.WriteLine($"  Signature {s.FieldName}: {(s.IsValid ? "valid" : "NOT VALID")}");
                Console.WriteLine($"    Signer:        {s.Signer ?? "(unknown)"}");
                Console.WriteLine($"    Signing time:  {Time(s.SigningTime)} (claimed)");
                Console.WriteLine($"    Integrity:     {(s.IntegrityValid ? "intact" : "BROKEN")}; covers {(s.CoversWholeDocument ? "the whole document" : $"revision {s.Revision} of a later-updated document")}");
                Console.WriteLine($"    Certificate:   {(s.CertificateTrusted ? "trusted" : "NOT trusted")}");
                Console.WriteLine($"    Timestamp:     {Time(s.TimestampTime)}{(s.TimestampRevocation is null ? string.Empty : $"; TSA revocation {s.TimestampRevocation}")}");
                Console.WriteLine($"    Judged at:     {Time(s.BestSignatureTime)} ({(s.BestSignatureTime is not null && s.BestSignatureTime == s.TimestampTime ? "the timestamp's time" : "the time of verification")})");
                Console.WriteLine($"    Revocation:    {s.Revocation ?? "(not checked)"}");
                Console.WriteLine($"    Level:         {s.Level ?? "-"}");
                if (s.DocMdpPermission is { } permission)
                {
                    Console.WriteLine($"    Certifies:     DocMDP P={permission} ({permission switch { 1 => "no changes", 2 => "form filling and signing", _ => "form filling, signing and annotations" }})");
                }

                foreach (LaterChange change in s.ChangesAfter.Where(c => !c.Allowed))
                {
                    Console.WriteLine($"    Changed after: revision {change.Revision}, object {change.ObjectNumber} ({change.What}): {change.Reason}");
                }

                foreach (VerificationProblem problem in s.Problems)
                {
                    Console.WriteLine($"    {(problem.IsError ? "!" : "~")} {problem.Code}: {problem.Message}");
                }
            }
        }

        return report.IsValid ? ExitCodes.Success : ExitCodes.Incomplete;
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";
}
