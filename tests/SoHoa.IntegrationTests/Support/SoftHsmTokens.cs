using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SoHoa.Signing.Pkcs11;

namespace SoHoa.IntegrationTests.Support;

/// <summary>
/// Two SoftHSM2 tokens made from the test PKI's keys, as an agency would load its token and HSM:
/// <list type="bullet">
/// <item>the officer's token: the officer's RSA key and certificate (id 01), the ECDSA P-256 officer (id 02), the
/// issuing CA's certificate, and an RSA key whose CKA_SIGN is false (id 03, no certificate);</item>
/// <item>the seal's token: the agency seal's RSA-3072 key and certificate (id 01) and the issuing CA's, with another PIN.</item>
/// </list>
/// Keys go in with <c>softhsm2-util --import</c>; certificates, which that tool cannot import, through PKCS#11 itself.
/// Shared by the tests and the token-signing benchmark.
/// </summary>
internal static class SoftHsmTokens
{
    public const string Module = "/usr/lib/softhsm/libsofthsm2.so";
    public const string OfficerToken = "sohoa-officer";
    public const string SealToken = "sohoa-seal";
    public const string OfficerPin = "246810";
    public const string SealPin = "135791";

    /// <summary>Makes the tokens under <paramref name="root"/> from the PKI in <paramref name="pki"/>, points this process at them, and returns the <c>SOFTHSM2_CONF</c> file.</summary>
    public static string Create(string root, string pki)
    {
        string tokens = Directory.CreateDirectory(Path.Combine(root, "tokens")).FullName;
        string config = Path.Combine(root, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // SoftHSM reads SOFTHSM2_CONF with getenv when the module initializes: the C environment, which .NET's own does not reach;
        // child processes (softhsm2-util, sohoa) get it from .NET's.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", config);
        if (SetEnv("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        string F(string name) => Path.Combine(pki, name);
        ExternalTool.Succeed("softhsm2-util", "--init-token", "--free", "--label", OfficerToken, "--pin", OfficerPin, "--so-pin", "99999999");
        ExternalTool.Succeed("softhsm2-util", "--init-token", "--free", "--label", SealToken, "--pin", SealPin, "--so-pin", "99999999");
        Import(F("officer.key"), OfficerToken, "officer", "01", OfficerPin, root);
        Import(F("officer-ec.key"), OfficerToken, "officer-ec", "02", OfficerPin, root);
        Import(F("seal.key"), SealToken, "seal", "01", SealPin, root);

        using Pkcs11Module module = Pkcs11Module.Acquire(Module);
        using (ISession session = LoggedIn(module, OfficerToken, OfficerPin))
        {
            WriteCertificate(session, module, F("officer.pem"), "officer", [0x01]);
            WriteCertificate(session, module, F("officer-ec.pem"), "officer-ec", [0x02]);
            WriteCertificate(session, module, F("issuing.pem"), "issuing CA", [0x0a]);
            GenerateKeyThatMayNotSign(session, module);
        }

        using (ISession session = LoggedIn(module, SealToken, SealPin))
        {
            WriteCertificate(session, module, F("seal.pem"), "seal", [0x01]);
            WriteCertificate(session, module, F("issuing.pem"), "issuing CA", [0x0a]);
        }

        return config;
    }

    private static void Import(string key, string token, string label, string id, string pin, string root)
    {
        // softhsm2-util takes PKCS#8; the ECDSA key openssl made is SEC1.
        string pkcs8 = Path.Combine(root, label + ".p8");
        ExternalTool.Succeed("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", key, "-out", pkcs8);
        ExternalTool.Succeed("softhsm2-util", "--import", pkcs8, "--token", token, "--label", label, "--id", id, "--pin", pin);
        File.Delete(pkcs8);
    }

    private static ISession LoggedIn(Pkcs11Module module, string token, string pin)
    {
        ISlot slot = module.FindToken(token, null) ?? throw new InvalidOperationException($"SoftHSM has no token '{token}'.");
        ISession session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, pin);
        return session;
    }

    private static void WriteCertificate(ISession session, Pkcs11Module module, string pem, string label, byte[] id)
    {
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
        var a = module.Factories.ObjectAttributeFactory;
        session.CreateObject(
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), a.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509), a.Create(CKA.CKA_TOKEN, true),
            a.Create(CKA.CKA_LABEL, label), a.Create(CKA.CKA_ID, id), a.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
            a.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData), a.Create(CKA.CKA_VALUE, certificate.RawData),
        ]);
    }

    private static void GenerateKeyThatMayNotSign(ISession session, Pkcs11Module module)
    {
        var a = module.Factories.ObjectAttributeFactory;
        session.GenerateKeyPair(
            module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_KEY_PAIR_GEN),
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_LABEL, "decrypt-only"), a.Create(CKA.CKA_ID, new byte[] { 0x03 }), a.Create(CKA.CKA_MODULUS_BITS, 2048UL), a.Create(CKA.CKA_ENCRYPT, true), a.Create(CKA.CKA_VERIFY, false)],
            [a.Create(CKA.CKA_TOKEN, true), a.Create(CKA.CKA_LABEL, "decrypt-only"), a.Create(CKA.CKA_ID, new byte[] { 0x03 }), a.Create(CKA.CKA_PRIVATE, true), a.Create(CKA.CKA_SIGN, false), a.Create(CKA.CKA_DECRYPT, true)],
            out IObjectHandle _,
            out IObjectHandle _);
    }

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
