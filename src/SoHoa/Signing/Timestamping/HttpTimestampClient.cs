using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SoHoa.Signing.Http;

namespace SoHoa.Signing.Timestamping;

/// <summary>A timestamp token and its encoding exactly as the authority sent it (re-encoding could change the signed bytes).</summary>
/// <param name="Token">The decoded token.</param>
/// <param name="Encoded">The token's ContentInfo, as received.</param>
public sealed record TimestampToken(Rfc3161TimestampToken Token, byte[] Encoded);

/// <summary>Obtains RFC 3161 timestamp tokens.</summary>
public interface ITimestampClient
{
    /// <summary>Returns a token over <paramref name="hash"/> (a <paramref name="hashAlgorithm"/> digest), checked against the request (imprint, nonce, signature).</summary>
    /// <exception cref="SoHoaException">The authority could not be reached or refused, after retries; <see cref="SoHoaException.IsTransient"/> is true when trying later may help.</exception>
    Task<TimestampToken> GetTokenAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default);
}

/// <summary>An RFC 3161 client over HTTP (RFC 3161 section 3.4: POST application/timestamp-query), with retries.</summary>
public sealed class HttpTimestampClient : ITimestampClient
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly HttpFetch _fetch;

    /// <summary>Creates a client of the authority at <paramref name="url"/>, retrying transient failures as <paramref name="retry"/> says (<see cref="HttpRetryOptions.Default"/> when null).</summary>
    public HttpTimestampClient(HttpClient http, Uri url, HttpRetryOptions? retry = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _url = url ?? throw new ArgumentNullException(nameof(url));
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The timestamp authority must be an absolute http or https URL.", nameof(url));
        }

        _fetch = new HttpFetch(retry);
    }

    /// <inheritdoc/>
    public async Task<TimestampToken> GetTokenAsync(ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default)
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F;
        Rfc3161TimestampRequest request = Rfc3161TimestampRequest.CreateFromHash(hash, hashAlgorithm, requestSignerCertificates: true, nonce: nonce);
        byte[] encoded = request.Encode();
        try
        {
            return await _fetch.ExecuteAsync(ct => RequestAsync(request, encoded, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Timestamp, $"The timestamp authority {_url.GetLeftPart(UriPartial.Path)} could not be reached: {ex.Message}", isTransient: true, innerException: ex);
        }
        catch (OperationCanceledException ex) when (HttpFetch.IsTimeout(ex, cancellationToken))
        {
            throw new SoHoaException(SoHoaErrorCode.Timestamp, $"The timestamp authority {_url.GetLeftPart(UriPartial.Path)} did not answer in time.", isTransient: true, innerException: ex);
        }
        catch (TransientStatusException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Timestamp, $"The timestamp authority {_url.GetLeftPart(UriPartial.Path)} is not available: {ex.Message}", isTransient: true, innerException: ex);
        }
    }

    private async Task<TimestampToken> RequestAsync(Rfc3161TimestampRequest request, byte[] encoded, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(encoded);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using HttpResponseMessage response = await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        HttpFetch.ThrowIfTransient(response);
        if (!response.IsSuccessStatusCode)
        {
            throw new SoHoaException(SoHoaErrorCode.Timestamp, $"The timestamp authority {_url.GetLeftPart(UriPartial.Path)} refused the request: HTTP {(int)response.StatusCode}.");
        }

        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Rfc3161TimestampToken token = request.ProcessResponse(body, out _);
            return new TimestampToken(token, ExtractToken(body));
        }
        catch (CryptographicException ex)
        {
            // A refusal (status rejection/waiting) or a token that does not match the request (imprint, nonce, signer).
            throw new SoHoaException(SoHoaErrorCode.Timestamp, $"The timestamp authority {_url.GetLeftPart(UriPartial.Path)} gave no usable token: {ex.Message}", isTransient: true, innerException: ex);
        }
    }

    /// <summary>The timeStampToken of a TimeStampResp (RFC 3161 2.4.2), byte for byte.</summary>
    private static byte[] ExtractToken(byte[] response)
    {
        AsnReader reader = new AsnReader(response, AsnEncodingRules.BER).ReadSequence();
        reader.ReadEncodedValue();
        return reader.ReadEncodedValue().ToArray();
    }
}
