using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509.Extension;
using SoHoa.Signing.Http;

namespace SoHoa.Signing.Revocation;

/// <summary>
/// The validation material a B-LT signature carries in its DSS, each item exactly as received. Filled by
/// <see cref="RevocationFetcher"/> (or read from a PDF's DSS); read-only to everyone else.
/// </summary>
public sealed class ValidationMaterial
{
    private readonly List<byte[]> _certificates = [];
    private readonly List<byte[]> _ocspResponses = [];
    private readonly List<byte[]> _crls = [];

    /// <summary>DER certificates.</summary>
    public IReadOnlyList<byte[]> Certificates => _certificates;

    /// <summary>DER OCSPResponse messages, as the responders sent them.</summary>
    public IReadOnlyList<byte[]> OcspResponses => _ocspResponses;

    /// <summary>DER CRLs, as the distribution points served them.</summary>
    public IReadOnlyList<byte[]> Crls => _crls;

    internal void AddCertificate(X509Certificate2 certificate) => AddCertificate(certificate.RawData);

    internal void AddCertificate(byte[] der)
    {
        if (!_certificates.Any(c => c.AsSpan().SequenceEqual(der)))
        {
            _certificates.Add(der);
        }
    }

    internal void AddOcspResponse(byte[] der) => _ocspResponses.Add(der);

    internal void AddCrl(byte[] der) => _crls.Add(der);
}

/// <summary>
/// Fetches revocation data for a certificate chain over HTTP: an OCSP response from the responder named in the
/// certificate's Authority Information Access, or else the CRL from its CRL distribution points. Responses are kept
/// byte for byte, after checking that they are signed by the right issuer and say "not revoked".
/// </summary>
public sealed class RevocationFetcher
{
    private readonly HttpClient _http;
    private readonly HttpFetch _fetch;
    private readonly RevocationFetcherOptions _options;

    /// <summary>Creates a fetcher that uses <paramref name="http"/>, within the limits of <paramref name="options"/>, retrying transient failures as <paramref name="retry"/> says (<see cref="HttpRetryOptions.Default"/> when null).</summary>
    public RevocationFetcher(HttpClient http, HttpRetryOptions? retry = null, RevocationFetcherOptions? options = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _fetch = new HttpFetch(retry);
        _options = options ?? new RevocationFetcherOptions();
    }

    /// <summary>The limits this fetcher keeps to.</summary>
    public RevocationFetcherOptions Options => _options;

    /// <summary>Adds the certificates of <paramref name="chain"/> (leaf first, root last) and revocation data for every certificate but the root to <paramref name="material"/>.</summary>
    /// <exception cref="SoHoaException">No revocation data could be obtained for a certificate (transient), or a certificate is revoked.</exception>
    public Task AddChainAsync(IReadOnlyList<X509Certificate2> chain, ValidationMaterial material, CancellationToken cancellationToken = default) =>
        AddChainAsync(chain, material, forVerification: false, cancellationToken);

    /// <summary>As <see cref="AddChainAsync(IReadOnlyList{X509Certificate2}, ValidationMaterial, CancellationToken)"/>; for a verifier (<paramref name="forVerification"/>), a revoked status is kept rather than refused, and a certificate without data is skipped.</summary>
    internal async Task AddChainAsync(IReadOnlyList<X509Certificate2> chain, ValidationMaterial material, bool forVerification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(material);
        for (int i = 0; i < chain.Count; i++)
        {
            material.AddCertificate(chain[i]);
            if (i + 1 >= chain.Count)
            {
                break;
            }

            try
            {
                await AddRevocationAsync(chain[i], chain[i + 1], material, forVerification, cancellationToken).ConfigureAwait(false);
            }
            catch (SoHoaException) when (forVerification)
            {
                // The verifier reports the missing data itself.
            }
        }
    }

    private async Task AddRevocationAsync(X509Certificate2 certificate, X509Certificate2 issuer, ValidationMaterial material, bool forVerification, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        bool Allowed(string url)
        {
            if (!forVerification || _options.Allows(url))
            {
                return true;
            }

            reasons.Add($"{url}: not fetched, since it is not under an allowed URL prefix");
            return false;
        }

        byte[]? ocspRequest = null;
        try
        {
            ocspRequest = OcspMessages.CreateRequest(certificate, issuer);
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            // A certificate (from a file being verified) that .NET reads and BouncyCastle does not: its CRLs may still do.
            reasons.Add("no OCSP request can be made for it");
        }

        foreach (string url in ocspRequest is null ? [] : OcspUris(certificate).Where(Allowed))
        {
            byte[]? response = await TryAsync(url, ct => PostOcspAsync(url, ocspRequest!, ct), reasons, cancellationToken).ConfigureAwait(false);
            if (response is not null && Accept(OcspMessages.ReadResponse(response, certificate, issuer, out string? problem), problem, certificate, url, reasons, forVerification))
            {
                material.AddOcspResponse(response);
                return;
            }
        }

        foreach (string url in CrlDistributionPoints(certificate).Where(Allowed))
        {
            byte[]? crl = await TryAsync(url, ct => GetAsync(url, ct), reasons, cancellationToken).ConfigureAwait(false);
            if (crl is not null && Accept(CrlReader.Read(crl, certificate, issuer, out string? problem), problem, certificate, url, reasons, forVerification))
            {
                if (!material.Crls.Any(c => c.AsSpan().SequenceEqual(crl)))
                {
                    material.AddCrl(crl);
                }

                return;
            }
        }

        string why = reasons.Count == 0 ? "it names no OCSP responder and no CRL distribution point" : string.Join("; ", reasons);
        throw new SoHoaException(SoHoaErrorCode.Revocation, $"No revocation data could be obtained for '{certificate.Subject}': {why}.", isTransient: reasons.Count > 0);
    }

    private static bool Accept(RevocationInfo? info, string? problem, X509Certificate2 certificate, string url, List<string> reasons, bool forVerification)
    {
        if (info is null)
        {
            reasons.Add($"{url}: {problem}");
            return false;
        }

        if (info.Status == RevocationStatus.Revoked && forVerification)
        {
            return true;
        }

        if (info.Status == RevocationStatus.Revoked)
        {
            throw new SoHoaException(SoHoaErrorCode.Revocation, $"The certificate '{certificate.Subject}' is revoked (according to {url}); it cannot make a long-term signature.");
        }

        if (info.Status != RevocationStatus.Good)
        {
            reasons.Add($"{url}: status unknown");
            return false;
        }

        return true;
    }

    /// <summary>Fetches with retries; a network failure, a timeout or an oversized answer becomes a reason, the caller's cancellation is passed on.</summary>
    private async Task<byte[]?> TryAsync(string url, Func<CancellationToken, Task<byte[]>> fetch, List<string> reasons, CancellationToken cancellationToken)
    {
        try
        {
            return await _fetch.ExecuteAsync(fetch, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            reasons.Add($"{url}: {ex.Message}");
            return null;
        }
        catch (OperationCanceledException ex) when (HttpFetch.IsTimeout(ex, cancellationToken))
        {
            reasons.Add($"{url}: timed out");
            return null;
        }
        catch (ResponseTooLargeException ex)
        {
            reasons.Add($"{url}: {ex.Message}");
            return null;
        }
    }

    private async Task<byte[]> PostOcspAsync(string url, byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        using HttpResponseMessage response = await _http.PostAsync(new Uri(url), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await ReadBoundedAsync(response, _options.MaxOcspResponseBytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> GetAsync(string url, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await ReadBoundedAsync(response, _options.MaxCrlBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The response body, read only up to <paramref name="limit"/> bytes: a longer one is refused before it is all read.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new ResponseTooLargeException($"the answer is {response.Content.Headers.ContentLength:N0} bytes, more than the {limit:N0} allowed");
        }

        using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ResponseTooLargeException($"the answer is longer than the {limit:N0} bytes allowed");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>An answer longer than the limit for its kind.</summary>
    private sealed class ResponseTooLargeException(string message) : Exception(message);

    /// <summary>The HTTP URLs of the OCSP responders named in the certificate's AIA extension.</summary>
    internal static IEnumerable<string> OcspUris(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().SelectMany(e => e.EnumerateOcspUris())
            .Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The HTTP URLs of the certificate's CRL distribution points (RFC 5280 4.2.1.13), read with BouncyCastle.</summary>
    internal static IEnumerable<string> CrlDistributionPoints(X509Certificate2 certificate)
    {
        try
        {
            Asn1OctetString? value = certificate.ToBouncyCastle().GetExtensionValue(X509Extensions.CrlDistributionPoints);
            if (value is null)
            {
                return [];
            }

            return CrlDistPoint.GetInstance(X509ExtensionUtilities.FromExtensionValue(value)).GetDistributionPoints()
                .Select(point => point.DistributionPointName)
                .Where(name => name is { Type: DistributionPointName.FullName })
                .SelectMany(name => GeneralNames.GetInstance(name!.Name).GetNames())
                .Where(name => name.TagNo == GeneralName.UniformResourceIdentifier)
                .Select(name => DerIA5String.GetInstance(name.Name).GetString())
                .Where(uri => uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                .ToList();
        }
        catch (Exception ex) when (BouncyCastleInterop.IsMalformed(ex))
        {
            return [];
        }
    }
}
