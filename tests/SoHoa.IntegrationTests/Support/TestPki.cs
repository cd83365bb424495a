namespace SoHoa.IntegrationTests.Support;

/// <summary>
/// A test PKI made with openssl at test time: a root CA, an issuing CA, an officer's certificate and an agency seal,
/// each signer exported as PKCS#12 with its chain, and an NSS database (for pdfsig) that trusts the root.
/// </summary>
internal sealed class TestPki
{
    public const string Password = "test-only-password";

    private TestPki(string directory) => Directory = directory;

    public string Directory { get; }

    public string RootCertificate => Path.Combine(Directory, "root.pem");

    public string IssuingCertificate => Path.Combine(Directory, "issuing.pem");

    public string OfficerPfx => Path.Combine(Directory, "officer.p12");

    public string SealPfx => Path.Combine(Directory, "seal.p12");

    public string EcdsaPfx => Path.Combine(Directory, "officer-ec.p12");

    public string NssDirectory => Path.Combine(Directory, "nss");

    public static TestPki Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var pki = new TestPki(directory);
        pki.Build();
        return pki;
    }

    private void Build()
    {
        string F(string name) => Path.Combine(Directory, name);
        File.WriteAllText(F("ca.ext"), """
            [ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always
            [signer]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            extendedKeyUsage = emailProtection
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always
            """);

        // Root CA (self-signed), then the issuing CA it certifies.
        ExternalTool.Succeed("openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", F("root.key"), "-out", F("root.pem"), "-days", "3650",
            "-subj", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test Root CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Issue("issuing", "/C=VN/O=SoHoa Test PKI/CN=SoHoa Test Issuing CA", "rsa:3072", "root", "ca");
        Issue("officer", "/C=VN/O=UBND huyen Phung Hiep/CN=Nguyen Thi Test Officer", "rsa:2048", "issuing", "signer");
        Issue("seal", "/C=VN/O=UBND huyen Phung Hiep/CN=UBND huyen Phung Hiep (Test Seal)", "rsa:3072", "issuing", "signer");
        IssueEc("officer-ec", "/C=VN/O=UBND huyen Phung Hiep/CN=Tran Van Test EC Officer");

        foreach (string signer in new[] { "officer", "seal", "officer-ec" })
        {
            ExternalTool.Succeed("openssl", "pkcs12", "-export", "-inkey", F(signer + ".key"), "-in", F(signer + ".pem"), "-certfile", F("issuing.pem"),
                "-out", F(signer + ".p12"), "-passout", "pass:" + Password, "-name", signer);
        }

        System.IO.Directory.CreateDirectory(NssDirectory);
        ExternalTool.Succeed("certutil", "-N", "-d", "sql:" + NssDirectory, "--empty-password");
        ExternalTool.Succeed("certutil", "-A", "-d", "sql:" + NssDirectory, "-n", "SoHoa Test Root CA", "-t", "CT,C,C", "-i", RootCertificate);
    }

    private void Issue(string name, string subject, string key, string issuer, string extensions)
    {
        string F(string n) => Path.Combine(Directory, n);
        ExternalTool.Succeed("openssl", "req", "-newkey", key, "-nodes", "-keyout", F(name + ".key"), "-out", F(name + ".csr"), "-subj", subject);
        ExternalTool.Succeed("openssl", "x509", "-req", "-in", F(name + ".csr"), "-CA", F(issuer + ".pem"), "-CAkey", F(issuer + ".key"), "-CAcreateserial",
            "-out", F(name + ".pem"), "-days", "1825", "-sha256", "-extfile", F("ca.ext"), "-extensions", extensions);
    }

    private void IssueEc(string name, string subject)
    {
        string F(string n) => Path.Combine(Directory, n);
        ExternalTool.Succeed("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", F(name + ".key"));
        ExternalTool.Succeed("openssl", "req", "-new", "-key", F(name + ".key"), "-out", F(name + ".csr"), "-subj", subject);
        ExternalTool.Succeed("openssl", "x509", "-req", "-in", F(name + ".csr"), "-CA", F("issuing.pem"), "-CAkey", F("issuing.key"), "-CAcreateserial",
            "-out", F(name + ".pem"), "-days", "1825", "-sha256", "-extfile", F("ca.ext"), "-extensions", "signer");
    }
}
