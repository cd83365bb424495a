namespace SoHoa.Signing.Revocation;

/// <summary>
/// Limits on fetching revocation data over the network. When a signature is verified, the URLs come from certificates
/// inside the file, which anyone can write: the verifier contacts only those under <see cref="AllowedUrlPrefixes"/>
/// (none by default, so online verification is an explicit choice of each deployment). When SoHoa signs at B-LT it
/// fetches for its own configured chain, whose URLs the deployment chose; the allow-list does not apply there.
/// </summary>
public sealed class RevocationFetcherOptions
{
    /// <summary>The largest OCSP response read, in bytes.</summary>
    public int MaxOcspResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest CRL read, in bytes.</summary>
    public int MaxCrlBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// The http(s) URL prefixes (such as <c>http://ocsp.ca.gov.vn/</c>) a verifier may fetch from; a URL is allowed when it
    /// starts with one of them, compared without regard to case. Empty: a verifier fetches nothing.
    /// </summary>
    public IList<string> AllowedUrlPrefixes { get; } = [];

    /// <summary>True when a verifier may fetch <paramref name="url"/>.</summary>
    public bool Allows(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && AllowedUrlPrefixes.Any(prefix => url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
