using SoHoa.IntegrationTests.Support;
using SoHoa.Signing.Pkcs11;

namespace SoHoa.IntegrationTests.Signing.Pkcs11;

/// <summary>The tokens of <see cref="SoftHsmTokens"/>, made once per test run from the test PKI's keys.</summary>
internal static class SoftHsm
{
    public const string OfficerToken = SoftHsmTokens.OfficerToken;
    public const string SealToken = SoftHsmTokens.SealToken;
    public const string OfficerPin = SoftHsmTokens.OfficerPin;
    public const string SealPin = SoftHsmTokens.SealPin;

    private static readonly Lazy<string> Configured = new(Create);

    /// <summary>Debian's SoftHSM2 module.</summary>
    public static string Module
    {
        get
        {
            _ = Configured.Value;
            return SoftHsmTokens.Module;
        }
    }

    /// <summary>The <c>SOFTHSM2_CONF</c> file that points at this run's tokens (child processes need it in their environment).</summary>
    public static string ConfigFile => Configured.Value;

    /// <summary>A file holding <paramref name="pin"/>, as a deployment keeps it.</summary>
    public static string PinFile(string pin)
    {
        string path = Path.Combine(TestEnvironment.NewDirectory("pin"), "pin");
        File.WriteAllText(path, pin + "\n");
        return path;
    }

    /// <summary>Options for the key <paramref name="label"/> on <paramref name="token"/>, its PIN read from a file.</summary>
    public static Pkcs11KeyOptions Key(string token, string label, string pin) =>
        new() { ModulePath = Module, TokenLabel = token, KeyLabel = label, PinFile = PinFile(pin) };

    private static string Create() => SoftHsmTokens.Create(TestEnvironment.NewDirectory("softhsm"), TestEnvironment.Pki.Directory);
}
