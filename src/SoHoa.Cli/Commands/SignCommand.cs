using System.CommandLine;
using SoHoa.Signing;
using SoHoa.Signing.Pkcs11;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa sign &lt;in.pdf&gt; --out &lt;out.pdf&gt; --cert &lt;pfx&gt;</c>: add a PAdES signature to any PDF as an incremental update.</summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("in") { Description = "The PDF to sign; its bytes are kept as they are and the signature is appended." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the signed PDF (never the input itself).", Required = true };
        var cert = new Option<FileInfo?>("--cert")
        {
            Description = $"The signing certificate: PKCS#12 (.pfx/.p12), or a PEM certificate chain with --key. The password comes from {CliEnvironment.CertificatePasswordVariable} or --password-file, never the command line. " +
                "With --token: the key's certificate and chain, when the token does not hold them.",
        };
        var key = new Option<string?>("--key") { Description = "A PEM private key file (PKCS#8, encrypted or not) for a PEM --cert; with --token, the label of the key on the token." };
        TokenKeyOptions token = TokenKeyOptions.Officer(key);
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = $"A file whose first line is the key's password (instead of {CliEnvironment.CertificatePasswordVariable})." };
        var reason = new Option<string>("--reason") { Description = "Why it is signed.", DefaultValueFactory = _ => "Ký số bản sao điện tử" };
        var location = new Option<string>("--location") { Description = "Where it is signed.", DefaultValueFactory = _ => "Việt Nam" };
        var signerName = new Option<string?>("--signer-name") { Description = "The name shown after \"Ký bởi\" (default: the certificate's common name)." };
        var signing = new SigningOptions();
        var command = new Command("sign", "Sign a PDF (PAdES B-B, B-T, B-LT or B-LTA) as an incremental update; earlier signatures stay valid.")
        {
            input, output, cert, key, passwordFile, reason, location, signerName,
        };
        token.AddTo(command, withKey: false);
        signing.AddTo(command);
        Option<string?> visible = SigningOptions.AddVisible(command, "--visible", "the");

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            if (signing.CreateOrReport(parse, http) is not { } options)
            {
                return ExitCodes.Usage;
            }

            var problems = new List<string>();
            SignatureAppearance? appearance = SigningOptions.ParseVisible(parse, visible, problems);
            Pkcs11KeyOptions? onToken = token.Parse(parse, parse.GetValue(cert), problems);
            if (!token.IsGiven(parse) && parse.GetValue(cert) is null)
            {
                problems.Add("Give the signing key: --cert <pfx> (or a PEM chain with --key <pem>), or --token <label> --key <label> with --pkcs11-module.");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
                return ExitCodes.Usage;
            }

            if (appearance is not null && parse.GetValue(signerName) is { } name)
            {
                appearance = appearance with { SignerName = name };
            }

            FileInfo source = parse.GetValue(input)!;
            FileInfo target = parse.GetValue(output)!;
            if (string.Equals(source.FullName, target.FullName, StringComparison.Ordinal))
            {
                Console.Error.WriteLine("error: --out must differ from the input, which is never overwritten.");
                return ExitCodes.Usage;
            }

            try
            {
                if (!source.Exists)
                {
                    Console.Error.WriteLine($"error: '{source.FullName}' does not exist.");
                    return ExitCodes.BadInput;
                }

                ISignatureKey signingKey = onToken is not null ? Pkcs11SignatureKey.Open(onToken) : LoadFileKey(parse, cert, key, passwordFile);
                using var release = (IDisposable)signingKey;
                var signer = new PadesSigner(signingKey, options);
                byte[] signed = await signer.SignAsync(await File.ReadAllBytesAsync(source.FullName, cancellationToken), new SignatureRequest(parse.GetValue(reason)!, parse.GetValue(location)!) { Appearance = appearance }, cancellationToken);
                string temp = target.FullName + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await File.WriteAllBytesAsync(temp, signed, cancellationToken);
                File.Move(temp, target.FullName, overwrite: true);
                Console.WriteLine($"Signed {source.Name} at {options.Level.ToName()} by {signingKey.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)} -> {target.FullName}");
                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}{(ex.IsTransient ? " (temporary: try again later)" : string.Empty)}");
                return ExitCodes.Of(ex);
            }
        });
        return command;
    }

    private static CertificateKey LoadFileKey(ParseResult parse, Option<FileInfo?> cert, Option<string?> key, Option<FileInfo?> passwordFile)
    {
        string password = parse.GetValue(passwordFile) is { } file ? KeyPasswords.FromFile(file.FullName) : KeyPasswords.FromEnvironment(CliEnvironment.CertificatePasswordVariable);
        return parse.GetValue(key) is { } pem
            ? CertificateKey.FromPem(parse.GetValue(cert)!.FullName, Path.GetFullPath(pem), password)
            : CertificateKey.FromPkcs12(parse.GetValue(cert)!.FullName, password);
    }
}
