using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SoHoa.Signing.Pkcs11;

/// <summary>
/// A signing key that stays on a PKCS#11 token or HSM (an officer's USB token, the agency seal's HSM): only the digest
/// goes to the token, which signs it (RSA PKCS#1 v1.5 or PSS, ECDSA). Thread-safe.
/// </summary>
/// <remarks>
/// <para>The token is reached on first use, not when the key is opened, so a worker starts while a token is unplugged
/// and each document signed meanwhile fails with a transient error. One login serves the whole process (PKCS#11 logs an
/// application in per token); sessions, which are not thread-safe, are pooled, one per concurrent signature.</para>
/// <para>When the token goes away (removed and inserted again, the HSM restarted), the next signature logs in again and
/// finds the key anew. A PIN the token refuses is never tried again in this process, so a retry loop cannot lock the
/// token: every later signature fails at once with the same permanent error until the PIN is fixed and the process restarts.</para>
/// <para>The PIN is kept in memory for those re-logins only; it never appears in a message, log or exception.</para>
/// </remarks>
public sealed class Pkcs11SignatureKey : ISignatureKey, IDisposable
{
    private static readonly CKR[] PinRefusals = [CKR.CKR_PIN_INCORRECT, CKR.CKR_PIN_INVALID, CKR.CKR_PIN_LEN_RANGE, CKR.CKR_PIN_LOCKED, CKR.CKR_PIN_EXPIRED];

    private static readonly CKR[] TokenLost =
    [
        CKR.CKR_DEVICE_REMOVED, CKR.CKR_TOKEN_NOT_PRESENT, CKR.CKR_TOKEN_NOT_RECOGNIZED, CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_SESSION_CLOSED,
        CKR.CKR_USER_NOT_LOGGED_IN, CKR.CKR_OBJECT_HANDLE_INVALID, CKR.CKR_KEY_HANDLE_INVALID, CKR.CKR_SLOT_ID_INVALID, CKR.CKR_DEVICE_ERROR,
    ];

    private static readonly CKR[] Busy = [CKR.CKR_DEVICE_MEMORY, CKR.CKR_HOST_MEMORY, CKR.CKR_SESSION_COUNT, CKR.CKR_FUNCTION_FAILED, CKR.CKR_GENERAL_ERROR];

    private readonly Pkcs11KeyOptions _options;
    private readonly Pkcs11Module _module;
    private readonly byte[] _pin;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _sessions;
    private readonly ConcurrentBag<(int Generation, ISession Session)> _idle = [];
    private Connection? _connection;
    private int _generation;
    private SoHoaException? _pinRefused;
    private X509Certificate2? _certificate;
    private X509Certificate2[] _chain = [];
    private bool _disposed;

    private Pkcs11SignatureKey(Pkcs11KeyOptions options, Pkcs11Module module, byte[] pin)
    {
        _options = options;
        _module = module;
        _pin = pin;
        _sessions = new SemaphoreSlim(options.MaxSessions, options.MaxSessions);
    }

    /// <summary>Checks <paramref name="options"/>, reads the PIN and loads the module; the token itself is reached on first use (<see cref="Connect"/> reaches it now).</summary>
    /// <exception cref="SoHoaException">The options are not usable, the PIN cannot be read, or the module cannot be loaded (<see cref="SoHoaErrorCode.Configuration"/>).</exception>
    public static Pkcs11SignatureKey Open(Pkcs11KeyOptions options, string name = "Pkcs11")
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate(name);
        if (problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, "The PKCS#11 key is not configured correctly: " + string.Join(" ", problems));
        }

        string pin = options.PinFile is { } file ? KeyPasswords.FromFile(file) : KeyPasswords.FromEnvironment(options.PinVariable);
        if (pin.Length == 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, options.PinFile is null
                ? $"The PIN of the PKCS#11 {options} is not set: put it in the environment variable {options.PinVariable} or in a PIN file."
                : $"The PIN file '{options.PinFile}' of the PKCS#11 {options} is empty.");
        }

        return new Pkcs11SignatureKey(options, Pkcs11Module.Acquire(options.ModulePath), Encoding.UTF8.GetBytes(pin));
    }

    /// <inheritdoc/>
    /// <exception cref="SoHoaException">The token cannot be reached or the key cannot be used (first use only).</exception>
    public X509Certificate2 Certificate
    {
        get
        {
            Connect();
            return _certificate!;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<X509Certificate2> Chain
    {
        get
        {
            Connect();
            return _chain;
        }
    }

    /// <inheritdoc/>
    public RSASignaturePadding RsaPadding => _options.RsaPadding;

    /// <summary>Logs in and finds the key and its certificate now, rather than at the first signature.</summary>
    /// <exception cref="SoHoaException">
    /// The token is not present (transient), or the PIN is refused, the key or its certificate is missing, the key may not
    /// sign or does not match the certificate (permanent).
    /// </exception>
    public void Connect() => _ = Connected();

    /// <inheritdoc/>
    public async Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Connection connection = Connected();
                try
                {
                    return Sign(connection, digest.Span, hashAlgorithm);
                }
                catch (Pkcs11Exception ex) when (attempt == 0 && TokenLost.Contains(ex.RV))
                {
                    // The token was removed and inserted again, or the HSM restarted: log in again and find the key anew, once.
                    Disconnect(connection);
                }
                catch (Pkcs11Exception ex)
                {
                    if (TokenLost.Contains(ex.RV))
                    {
                        Disconnect(connection);
                    }

                    throw Failure(ex, "could not sign");
                }
            }
        }
        finally
        {
            _sessions.Release();
        }
    }

    /// <summary>Closes the sessions and releases the module (finalized when no other key uses it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection = null;
            CloseIdleSessions();
            CryptographicOperations.ZeroMemory(_pin);
            _module.Dispose();
            _certificate?.Dispose();
            foreach (X509Certificate2 certificate in _chain)
            {
                certificate.Dispose();
            }
        }
    }

    private byte[] Sign(Connection connection, ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm)
    {
        ISession session = RentSession(connection);
        byte[] signature;
        try
        {
            signature = SignOnToken(session, connection, digest, hashAlgorithm);
        }
        catch
        {
            CloseQuietly(session);
            throw;
        }

        _idle.Add((connection.Generation, session));
        return signature;
    }

    private byte[] SignOnToken(ISession session, Connection connection, ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm)
    {
        var mechanisms = _module.Factories.MechanismFactory;
        if (!connection.Key.IsRsa)
        {
            return MechanismEncodings.DerSignature(session.Sign(mechanisms.Create(CKM.CKM_ECDSA), connection.Key.Handle, digest.ToArray()));
        }

        if (_options.RsaPadding == RSASignaturePadding.Pss)
        {
            (CKM hash, CKG mgf) = hashAlgorithm.Name switch
            {
                "SHA384" => (CKM.CKM_SHA384, CKG.CKG_MGF1_SHA384),
                "SHA512" => (CKM.CKM_SHA512, CKG.CKG_MGF1_SHA512),
                _ => (CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256),
            };
            var parameters = _module.Factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams((ulong)hash, (ulong)mgf, (ulong)digest.Length);
            return session.Sign(mechanisms.Create(CKM.CKM_RSA_PKCS_PSS, parameters), connection.Key.Handle, digest.ToArray());
        }

        return session.Sign(mechanisms.Create(CKM.CKM_RSA_PKCS), connection.Key.Handle, MechanismEncodings.DigestInfo(digest, hashAlgorithm));
    }

    private Connection Connected()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pinRefused is not null)
            {
                throw _pinRefused;
            }

            return _connection ??= Reach();
        }
    }

    private Connection Reach()
    {
        ISlot slot = _module.FindToken(_options.TokenLabel, _options.TokenSerial)
            ?? throw new SoHoaException(SoHoaErrorCode.Signing, $"The token of the PKCS#11 {_options} is not present: is it plugged in, or the HSM reachable?", isTransient: true);
        ISession session;
        try
        {
            session = slot.OpenSession(SessionType.ReadOnly);
        }
        catch (Pkcs11Exception ex)
        {
            throw Failure(ex, "could not open a session");
        }

        try
        {
            Login(session);
            FoundKey key = TokenObjects.FindKey(session, _options, _module.Factories.ObjectAttributeFactory);
            var connection = new Connection(slot, key, ++_generation);
            if (_certificate is null)
            {
                (X509Certificate2 signer, X509Certificate2[] chain) = TokenObjects.FindCertificates(session, _options, key, _module.Factories.ObjectAttributeFactory);
                CheckKeySize(signer);
                _certificate = signer;
                _chain = chain;
            }

            // A test signature proves the key belongs to the certificate, also after a token was swapped for another one.
            ProveKeyMatchesCertificate(session, connection);
            _idle.Add((connection.Generation, session));
            return connection;
        }
        catch (Exception ex)
        {
            CloseQuietly(session);
            throw ex switch
            {
                SoHoaException known => known,
                Pkcs11Exception p11 => Failure(p11, "could not be reached"),
                _ => new SoHoaException(SoHoaErrorCode.Signing, $"The PKCS#11 {_options} could not be reached: {ex.GetType().Name}."),
            };
        }
    }

    private void Login(ISession session)
    {
        try
        {
            session.Login(CKU.CKU_USER, _pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another key of this process is logged in to the same token: the login is the application's, not the session's.
        }
        catch (Pkcs11Exception ex) when (PinRefusals.Contains(ex.RV))
        {
            _pinRefused = new SoHoaException(SoHoaErrorCode.Signing, ex.RV == CKR.CKR_PIN_LOCKED
                ? $"The token of the PKCS#11 {_options} is locked (too many wrong PINs): its security officer must unlock it."
                : $"The token of the PKCS#11 {_options} refused the PIN ({ex.RV}). It is not tried again, so that the token does not lock: fix the PIN and restart.");
            throw _pinRefused;
        }
    }

    private void ProveKeyMatchesCertificate(ISession session, Connection connection)
    {
        byte[] challenge = SHA256.HashData(RandomNumberGenerator.GetBytes(32));
        byte[] signature = SignOnToken(session, connection, challenge, HashAlgorithmName.SHA256);
        bool matches = connection.Key.IsRsa
            ? _certificate!.GetRSAPublicKey() is { } rsa && DisposeAfter(rsa, rsa.VerifyHash(challenge, signature, HashAlgorithmName.SHA256, _options.RsaPadding))
            : _certificate!.GetECDsaPublicKey() is { } ec && DisposeAfter(ec, ec.VerifyHash(challenge, signature, DSASignatureFormat.Rfc3279DerSequence));
        if (!matches)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The PKCS#11 {_options} does not belong to the certificate '{_certificate!.Subject}': its signatures do not verify with it.");
        }
    }

    private ISession RentSession(Connection connection)
    {
        while (_idle.TryTake(out (int Generation, ISession Session) idle))
        {
            if (idle.Generation == connection.Generation)
            {
                return idle.Session;
            }

            CloseQuietly(idle.Session);
        }

        // Opened after the login, a new session is logged in as well.
        return connection.Slot.OpenSession(SessionType.ReadOnly);
    }

    private void Disconnect(Connection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
                CloseIdleSessions();
            }
        }
    }

    private void CloseIdleSessions()
    {
        while (_idle.TryTake(out (int Generation, ISession Session) idle))
        {
            CloseQuietly(idle.Session);
        }
    }

    private static void CloseQuietly(ISession session)
    {
        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // A session of a removed token is already gone.
        }
    }

    private SoHoaException Failure(Pkcs11Exception ex, string what)
    {
        bool transient = TokenLost.Contains(ex.RV) || Busy.Contains(ex.RV);
        string hint = ex.RV switch
        {
            CKR.CKR_KEY_FUNCTION_NOT_PERMITTED => " The key may not sign.",
            CKR.CKR_MECHANISM_INVALID or CKR.CKR_MECHANISM_PARAM_INVALID => " The token cannot sign with this algorithm (RSA PKCS#1 v1.5 or PSS, ECDSA).",
            _ when TokenLost.Contains(ex.RV) => " The token was removed or stopped answering.",
            _ => string.Empty,
        };
        return new SoHoaException(SoHoaErrorCode.Signing, $"The PKCS#11 {_options} {what}: {ex.RV}.{hint}", transient);
    }

    private void CheckKeySize(X509Certificate2 certificate)
    {
        using RSA? rsa = certificate.GetRSAPublicKey();
        if (rsa is { KeySize: < 2048 })
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The RSA key of '{certificate.Subject}' ({_options}) has {rsa.KeySize} bits; at least 2048 are required.");
        }
    }

    private static bool DisposeAfter(IDisposable disposable, bool result)
    {
        disposable.Dispose();
        return result;
    }

    /// <summary>One login to the token: the slot, the key's handle in it, and a generation that outdates older sessions.</summary>
    private sealed record Connection(ISlot Slot, FoundKey Key, int Generation);
}
