namespace SoHoa.Signing.Pkcs11;

/// <summary>
/// The officer's and the seal's keys that <see cref="SoHoaOptions.OfficerKey"/> and <see cref="SoHoaOptions.SealKey"/>
/// put on PKCS#11 tokens, opened once for the container (the tokens themselves are reached at the first signature) and
/// closed with it.
/// </summary>
internal sealed class TokenKeys : IDisposable
{
    public TokenKeys(SoHoaOptions options)
    {
        Officer = options.OfficerKey is { } officer ? Pkcs11SignatureKey.Open(officer, nameof(SoHoaOptions.OfficerKey)) : null;
        try
        {
            Seal = options.SealKey is { } seal ? Pkcs11SignatureKey.Open(seal, nameof(SoHoaOptions.SealKey)) : null;
        }
        catch
        {
            Officer?.Dispose();
            throw;
        }
    }

    public Pkcs11SignatureKey? Officer { get; }

    public Pkcs11SignatureKey? Seal { get; }

    public void Dispose()
    {
        Officer?.Dispose();
        Seal?.Dispose();
    }
}
