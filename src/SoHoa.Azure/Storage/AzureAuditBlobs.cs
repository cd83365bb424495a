using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// The audit log's blobs in the container: listing and reading the day blobs, and reading and writing the head blob
/// under the condition its caller gives. What the blobs mean, and the append protocol, are <see cref="AzureAuditLog"/>'s.
/// </summary>
internal sealed partial class AzureAuditBlobs(BlobContainerClient container)
{
    /// <summary>An append blob client for one day blob.</summary>
    public AppendBlobClient AppendBlob(AuditBlobPart blob) => container.GetAppendBlobClient(blob.Name);

    /// <summary>The day blobs, in the chain's order: by day, then part.</summary>
    public async Task<List<AuditBlobPart>> DayBlobsAsync(CancellationToken cancellationToken)
    {
        var blobs = new List<AuditBlobPart>();
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = AzureAuditLog.Prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (DayBlobPattern().Match(item.Name) is { Success: true } match
                && DateOnly.TryParseExact($"{match.Groups[1].Value}-{match.Groups[2].Value}-{match.Groups[3].Value}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                blobs.Add(new AuditBlobPart(day, match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 0));
            }
        }

        return [.. blobs.OrderBy(b => b.Day).ThenBy(b => b.Number)];
    }

    /// <summary>Whether any day blob holds entries.</summary>
    public async Task<bool> AnyDayBlobWithEntriesAsync(CancellationToken cancellationToken)
    {
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = AzureAuditLog.Prefix }, cancellationToken).ConfigureAwait(false))
        {
            if (DayBlobPattern().IsMatch(item.Name) && item.Properties.ContentLength > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each line of a day blob with its number and record (null for a line that is not one); none when the blob is missing.</summary>
    public async Task<List<(int LineNumber, AuditRecord? Record)>> ReadLinesAsync(string name, CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }

        return AzureAuditLines.Parse(content.ToMemory().Span).ToList();
    }

    /// <summary>The head and its ETag, or null when there is no head blob.</summary>
    public async Task<AuditHeadState?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> download = await container.GetBlobClient(AzureAuditLog.HeadName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            AuditHeadDocument document = download.Value.Content.ToObjectFromJson<AuditHeadDocument>(AzureAuditLines.JsonOptions)
                ?? throw AzureAuditLog.Broken($"the head blob '{AzureAuditLog.HeadName}' is empty");
            return new AuditHeadState(document.ToHead(), download.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            throw AzureAuditLog.Broken($"the head blob '{AzureAuditLog.HeadName}' is not one SoHoa wrote");
        }
    }

    /// <summary>Writes <paramref name="head"/> as the head blob if <paramref name="conditions"/> hold; the head with its new ETag.</summary>
    public async Task<AuditHeadState> WriteHeadAsync(AuditHead head, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        Response<BlobContentInfo> written = await container.GetBlobClient(AzureAuditLog.HeadName).UploadAsync(AuditHeadDocument.Of(head).ToBinaryData(),
            new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);
        return new AuditHeadState(head, written.Value.ETag);
    }

    /// <summary>A day blob's properties; a missing one means the log is broken.</summary>
    public static async Task<BlobProperties> PropertiesAsync(BlobBaseClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw AzureAuditLog.Broken($"the day blob '{blob.Name}' the head points at is missing");
        }
    }

    [GeneratedRegex(@"^audit/(\d{4})/(\d{2})/(\d{2})(?:\.([1-9]\d{0,5}))?\.log$", RegexOptions.CultureInvariant)]
    private static partial Regex DayBlobPattern();
}
