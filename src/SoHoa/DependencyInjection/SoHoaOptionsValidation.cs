using Microsoft.Extensions.Options;
using SoHoa;
using SoHoa.Signing;
using SoHoa.Signing.Verification;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reports every problem of <see cref="SoHoaOptions.Validate"/> to the options system, so a host refuses to start with them.</summary>
internal sealed class SoHoaOptionsValidation : IValidateOptions<SoHoaOptions>
{
    public ValidateOptionsResult Validate(string? name, SoHoaOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>
/// Reports every problem of the signer's options (<see cref="PadesSignerOptions.Validate"/>): those configured with
/// <c>Configure&lt;PadesSignerOptions&gt;</c>, or the <see cref="PadesSignerOptions"/> registered as a service, which is used instead.
/// </summary>
internal sealed class PadesSignerOptionsValidation(PadesSignerOptions? registered) : IValidateOptions<PadesSignerOptions>
{
    public ValidateOptionsResult Validate(string? name, PadesSignerOptions options) =>
        (registered ?? options).Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>
/// Refuses a <see cref="PdfSignatureVerifier"/> that <c>AddSoHoa</c> would make without trust anchors (it would trust no
/// signer, so no signed input and no reused document would ever verify). The options checked are those configured with
/// <c>Configure&lt;SignatureVerifierOptions&gt;</c>, or the <see cref="SignatureVerifierOptions"/> registered as a service,
/// which is used instead. Nothing is checked when the caller registers a verifier of its own.
/// </summary>
internal sealed class SignatureVerifierOptionsValidation(SignatureVerifierOptions? registered, bool verifierIsAddSoHoas) : IValidateOptions<SignatureVerifierOptions>
{
    internal const string NoTrustAnchors =
        "SignatureVerifierOptions.TrustAnchors is empty, so the verifier of signed inputs and reused documents would trust no signer. "
        + "Add the trust anchors (services.Configure<SignatureVerifierOptions>(o => o.Trust(\"root.pem\"))), "
        + "or register a PdfSignatureVerifier of your own if no signer is to be trusted.";

    public ValidateOptionsResult Validate(string? name, SignatureVerifierOptions options) =>
        verifierIsAddSoHoas && (registered ?? options).TrustAnchors.Count == 0 ? ValidateOptionsResult.Fail(NoTrustAnchors) : ValidateOptionsResult.Success;
}
