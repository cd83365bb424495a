namespace SoHoa.IntegrationTests.Support;

/// <summary>
/// A test PKI made with openssl at test time: a root CA and an issuing CA (each with a CRL), an officer's certificate,
/// an agency seal, an ECDSA officer, a revoked and an expired certificate, a timestamp authority and a revoked one. A loopback HTTP
/// server (127.0.0.1 only) serves the CRLs and answers OCSP (<c>openssl ocsp -index … -reqin … -respout …</c>) and RFC 3161
/// requests (<c>openssl ts -reply</c>). An NSS database (for pdfsig) trusts the root and holds two signing keys.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public const string Password = "test-only-password";

    /// <summary>The nickname of the seal's key in <see cref="NssDirectory"/>: <c>pdfsig -add-signature -nick seal</c>.</summary>
    public const string NssSealNickname = "seal";

    /// <summary>The nickname of the officer's key in <see cref="NssDirectory"/>.</summary>
    public const string NssOfficerNickname = "officer";

    private const string PasswordVariable = "SOHOA_TEST_PKI_PASSWORD";

    private readonly object _tsaLock = new();
    private LoopbackHttpServer? _server;
    private int _tsaFailuresLeft;

    private TestPki(string directory) => Directory = directory;

    public string Directory { get; }

    public LoopbackHttpServer Server => _server!;

    public string RootCertificate => F("root.pem");

    public string IssuingCertificate => F("issuing.pem");

    public string TsaCertificate => F("tsa.pem");

    public string OfficerPfx => F("officer.p12");

    public string SealPfx => F("seal.p12");

    public string EcdsaPfx => F("officer-ec.p12");

    public string RevokedPfx => F("revoked.p12");

    public string ExpiredPfx => F("expired.p12");

    /// <summary>The officer's key as PEM: an encrypted PKCS#8 key (password <see cref="Password"/>) and the certificate with its chain.</summary>
    public string OfficerKeyPem => F("officer-key-enc.pem");

    public string OfficerCertificatePem => F("officer-chain.pem");

    /// <summary>An NSS database (for pdfsig) that trusts the root and holds the seal's and the officer's signing keys.</summary>
    public string NssDirectory => F("nss");

    public Uri TsaUrl => new(Server.BaseUrl + "/tsa");

    /// <summary>A TSA whose certificate the issuing CA revoked when the PKI was made: its timestamps prove no time.</summary>
    public Uri RevokedTsaUrl => new(Server.BaseUrl + "/tsa-revoked");

    /// <summary>A TSA that answers 503 to every request.</summary>
    public Uri UnavailableTsaUrl => new(Server.BaseUrl + "/tsa-down");

    /// <summary>A TSA that answers 503 to the next <see cref="FailNextTsaRequests"/> requests, then works.</summary>
    public Uri FlakyTsaUrl => new(Server.BaseUrl + "/tsa-flaky");

    public int TsaRequests { get; private set; }

    public static TestPki Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var pki = new TestPki(directory);
        pki._server = new LoopbackHttpServer(pki.Answer);
        pki.Build();
        return pki;
    }

    public void FailNextTsaRequests(int count) => Interlocked.Exchange(ref _tsaFailuresLeft, count);

    public void Dispose() => _server?.Dispose();

    private string F(string name) => Path.Combine(Directory, name);

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        switch (request.Path)
        {
            case "/crl/root.crl":
                return new LoopbackResponse(200, "application/pkix-crl", File.ReadAllBytes(F("root.crl.der")));
            case "/crl/issuing.crl":
                return new LoopbackResponse(200, "application/pkix-crl", File.ReadAllBytes(F("issuing.crl.der")));
            case "/ocsp" when request.Method == "POST":
                return WithTempFiles(request.Body, (input, output) => ExternalTool.Succeed("openssl", "ocsp", "-index", F("issuing-db/index.txt"), "-CA", F("issuing.pem"),
                    "-rsigner", F("issuing.pem"), "-rkey", F("issuing.key"), "-reqin", input, "-respout", output, "-ndays", "7"), "application/ocsp-response");
            case "/tsa-down":
                return new LoopbackResponse(503, "text/plain", "down for the test"u8.ToArray());
            case "/tsa-flaky" when Interlocked.Decrement(ref _tsaFailuresLeft) >= 0:
                return new LoopbackResponse(503, "text/plain", "busy for the test"u8.ToArray());
            case "/tsa" or "/tsa-flaky" or "/tsa-revoked" when request.Method == "POST":
                lock (_tsaLock)
                {
                    TsaRequests++;
                    string section = request.Path == "/tsa-revoked" ? "revoked_tsa" : "test_tsa";
                    return WithTempFiles(request.Body, (input, output) => ExternalTool.Succeed("openssl", "ts", "-reply", "-config", F("tsa.cnf"), "-section", section,
                        "-queryfile", input, "-out", output), "application/timestamp-reply");
                }

            default:
                return LoopbackResponse.NotFound;
        }
    }

    private LoopbackResponse WithTempFiles(byte[] body, Action<string, string> run, string contentType)
    {
        string id = Guid.NewGuid().ToString("N");
        string input = F("req-" + id);
        string output = F("resp-" + id);
        File.WriteAllBytes(input, body);
        try
        {
            run(input, output);
            return new LoopbackResponse(200, contentType, File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private void Build()
    {
        string url = Server.BaseUrl;
        File.WriteAllText(F("ext.cnf"), $"""
            [root_ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [issuing_ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always
            crlDistributionPoints = URI:{url}/crl/root.crl
            [signer]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            extendedKeyUsage = emailProtection
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always
            crlDistributionPoints = URI:{url}/crl/issuing.crl
            authorityInfoAccess = OCSP;URI:{url}/ocsp
            [tsa]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            extendedKeyUsage = critical, timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always
            crlDistributionPoints = URI:{url}/crl/issuing.crl
            authorityInfoAccess = OCSP;URI:{url}/ocsp
            """);
        WriteCaConfig("root");
        WriteCaConfig("issuing");

        ExternalTool.Succeed("openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", F("root.key"), "-out", F("root.pem"), "-days", "3650",
            "-subj", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test Root CA", "-config", F("root.cnf"), "-extensions", "root_ca");
        Issue("issuing", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test Issuing CA", "rsa:3072", "root", "issuing_ca");
        Issue("officer", "/C=VN/O=UBND huyen Phung Hiep/CN=Nguyen Thi Test Officer", "rsa:2048", "issuing", "signer");
        Issue("seal", "/C=VN/O=UBND huyen Phung Hiep/CN=UBND huyen Phung Hiep (Test Seal)", "rsa:3072", "issuing", "signer");
        Issue("officer-ec", "/C=VN/O=UBND huyen Phung Hiep/CN=Tran Van Test EC Officer", "ec", "issuing", "signer");
        Issue("revoked", "/C=VN/O=UBND huyen Phung Hiep/CN=Le Van Test Revoked", "rsa:2048", "issuing", "signer");
        Issue("expired", "/C=VN/O=UBND huyen Phung Hiep/CN=Pham Thi Test Expired", "rsa:2048", "issuing", "signer", "-startdate", "20200101000000Z", "-enddate", "20210101000000Z");
        Issue("tsa", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test TSA", "rsa:2048", "issuing", "tsa");
        Issue("tsa-revoked", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test Revoked TSA", "rsa:2048", "issuing", "tsa");
        ExternalTool.Succeed("openssl", "ca", "-batch", "-config", F("issuing.cnf"), "-revoke", F("revoked.pem"), "-crl_reason", "keyCompromise");
        ExternalTool.Succeed("openssl", "ca", "-batch", "-config", F("issuing.cnf"), "-revoke", F("tsa-revoked.pem"), "-crl_reason", "keyCompromise");
        foreach (string ca in new[] { "root", "issuing" })
        {
            ExternalTool.Succeed("openssl", "ca", "-batch", "-config", F(ca + ".cnf"), "-gencrl", "-crldays", "30", "-out", F(ca + ".crl.pem"));
            ExternalTool.Succeed("openssl", "crl", "-in", F(ca + ".crl.pem"), "-outform", "DER", "-out", F(ca + ".crl.der"));
        }

        foreach (string signer in new[] { "officer", "seal", "officer-ec", "revoked", "expired" })
        {
            SucceedWithPassword("pkcs12", "-export", "-inkey", F(signer + ".key"), "-in", F(signer + ".pem"), "-certfile", F("issuing.pem"),
                "-out", F(signer + ".p12"), "-passout", "env:" + PasswordVariable, "-name", signer);
        }

        SucceedWithPassword("pkcs8", "-topk8", "-in", F("officer.key"), "-out", OfficerKeyPem, "-v2", "aes-256-cbc", "-passout", "env:" + PasswordVariable);
        File.WriteAllText(OfficerCertificatePem, File.ReadAllText(F("officer.pem")) + File.ReadAllText(F("issuing.pem")));

        File.WriteAllText(F("tsa-serial"), "01\n");
        File.WriteAllText(F("tsa.cnf"), $"""
            [tsa]
            default_tsa = test_tsa
            {TsaSection("test_tsa", "tsa")}
            {TsaSection("revoked_tsa", "tsa-revoked")}
            """);

        System.IO.Directory.CreateDirectory(NssDirectory);
        ExternalTool.Succeed("certutil", "-N", "-d", "sql:" + NssDirectory, "--empty-password");
        ExternalTool.Succeed("certutil", "-A", "-d", "sql:" + NssDirectory, "-n", "SoHoa Test Root CA", "-t", "CT,C,C", "-i", RootCertificate);
        ImportSigningKeys();
    }

    /// <summary>
    /// Puts the seal's and the officer's keys (from their PKCS#12, nicknames <see cref="NssSealNickname"/> and
    /// <see cref="NssOfficerNickname"/>) into the NSS database, so that <c>pdfsig -add-signature -nick …</c> can sign as
    /// another tool would. pk12util reads the password from a file that only this user may read and that is deleted after.
    /// </summary>
    private void ImportSigningKeys()
    {
        string passwordFile = F("pk12util-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(passwordFile, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(passwordFile, Password);
        try
        {
            foreach ((string pfx, string nickname) in new[] { (SealPfx, NssSealNickname), (OfficerPfx, NssOfficerNickname) })
            {
                ExternalTool.Succeed("pk12util", "-i", pfx, "-d", "sql:" + NssDirectory, "-w", passwordFile, "-n", nickname);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private string TsaSection(string section, string certificate) => $"""
        [{section}]
        serial = {F("tsa-serial")}
        signer_cert = {F(certificate + ".pem")}
        certs = {F("issuing.pem")}
        signer_key = {F(certificate + ".key")}
        signer_digest = sha256
        default_policy = 1.3.6.1.4.1.55555.1.1
        digests = sha256, sha384, sha512
        accuracy = secs:1
        ordering = no
        tsa_name = yes
        ess_cert_id_chain = no
        ess_cert_id_alg = sha256
        """;

    /// <summary>
    /// Issues a new signer certificate (and its PKCS#12, password <see cref="Password"/>) from the issuing CA, valid from now
    /// until <paramref name="notAfter"/>: for tests that need a certificate to expire or be revoked while they run.
    /// </summary>
    public string IssueSigner(string name, DateTimeOffset notAfter)
    {
        string end = notAfter.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "Z";
        Issue(name, $"/C=VN/O=UBND huyen Phung Hiep/CN=Test Signer {name}", "rsa:2048", "issuing", "signer", "-enddate", end);
        SucceedWithPassword("pkcs12", "-export", "-inkey", F(name + ".key"), "-in", F(name + ".pem"), "-certfile", F("issuing.pem"),
            "-out", F(name + ".p12"), "-passout", "env:" + PasswordVariable, "-name", name);
        return F(name + ".p12");
    }

    /// <summary>Revokes a certificate that <see cref="IssueSigner"/> made; the OCSP responder says so from then on.</summary>
    public void Revoke(string name) =>
        ExternalTool.Succeed("openssl", "ca", "-batch", "-config", F("issuing.cnf"), "-revoke", F(name + ".pem"), "-crl_reason", "keyCompromise");

    /// <summary>Runs openssl with the password in its environment: never on a command line, where other users could read it.</summary>
    private static void SucceedWithPassword(params string[] arguments)
    {
        ToolRun run = ExternalTool.Run("openssl", arguments, new Dictionary<string, string> { [PasswordVariable] = Password });
        Assert.AreEqual(0, run.ExitCode, $"openssl {arguments[0]} failed:\n{run.Output}");
    }

    private void WriteCaConfig(string ca)
    {
        string db = F(ca + "-db");
        System.IO.Directory.CreateDirectory(Path.Combine(db, "new"));
        File.WriteAllText(Path.Combine(db, "index.txt"), string.Empty);
        File.WriteAllText(Path.Combine(db, "serial"), ca == "root" ? "1000\n" : "2000\n");
        File.WriteAllText(Path.Combine(db, "crlnumber"), "01\n");
        File.WriteAllText(F(ca + ".cnf"), $"""
            [req]
            distinguished_name = dn
            [dn]
            [ca]
            default_ca = this_ca
            [this_ca]
            database = {Path.Combine(db, "index.txt")}
            new_certs_dir = {Path.Combine(db, "new")}
            certificate = {F(ca + ".pem")}
            private_key = {F(ca + ".key")}
            serial = {Path.Combine(db, "serial")}
            crlnumber = {Path.Combine(db, "crlnumber")}
            default_md = sha256
            default_days = 1825
            default_crl_days = 30
            policy = any
            unique_subject = no
            copy_extensions = none
            [any]
            countryName = optional
            organizationName = optional
            commonName = supplied
            {File.ReadAllText(F("ext.cnf"))}
            """);
    }

    private void Issue(string name, string subject, string key, string issuer, string extensions, params string[] dates)
    {
        if (key == "ec")
        {
            ExternalTool.Succeed("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", F(name + ".key"));
            ExternalTool.Succeed("openssl", "req", "-new", "-key", F(name + ".key"), "-out", F(name + ".csr"), "-subj", subject, "-config", F(issuer + ".cnf"));
        }
        else
        {
            ExternalTool.Succeed("openssl", "req", "-newkey", key, "-nodes", "-keyout", F(name + ".key"), "-out", F(name + ".csr"), "-subj", subject, "-config", F(issuer + ".cnf"));
        }

        string[] validity = dates.Length > 0 ? dates : ["-days", "1825"];
        ExternalTool.Succeed("openssl", ["ca", "-batch", "-notext", "-config", F(issuer + ".cnf"), "-extensions", extensions, "-in", F(name + ".csr"), "-out", F(name + ".pem"), .. validity]);
    }

    /// <summary>A fresh temp file name under the PKI folder (for tools that write files).</summary>
    public string TempFile(string extension) => F("tmp-" + Guid.NewGuid().ToString("N")[..8] + extension);
}
