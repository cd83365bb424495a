using System.Globalization;
using System.Text.Json;

namespace SoHoa.Batches;

/// <summary>
/// Reads <c>batch.json</c>. A problem in one dossier or document is recorded and the rest is read;
/// only a manifest that cannot be read at all (missing, not JSON, unknown schema, no batch id or agency) stops the batch.
/// </summary>
internal static class BatchManifestReader
{
    /// <summary>The manifest's file name inside a batch.</summary>
    public const string FileName = BatchManifest.FileName;

    /// <summary>The largest manifest read; a larger one is refused before parsing.</summary>
    public const long MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>Reads the manifest of the batch in <paramref name="batchDirectory"/>.</summary>
    public static Task<ManifestReadResult> ReadAsync(string batchDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchDirectory);
        return ReadAsync(new FolderBatchFiles(batchDirectory), cancellationToken);
    }

    /// <summary>Reads the manifest of the batch <paramref name="files"/> holds.</summary>
    public static async Task<ManifestReadResult> ReadAsync(IBatchFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        string label = files.Name;
        if (files is FolderBatchFiles { Exists: false } folder)
        {
            return ManifestReadResult.Fatal(label, null, InputRules.BatchFolder, $"The batch folder '{folder.Directory}' does not exist.");
        }

        byte[] bytes;
        try
        {
            Stream stream = await files.OpenReadAsync(FileName, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.Length > MaxManifestBytes)
                {
                    return ManifestReadResult.Fatal(label, null, InputRules.ManifestSize, $"{FileName} is larger than {MaxManifestBytes} bytes.");
                }

                bytes = await BoundedRead.ReadAllAsync(stream, MaxManifestBytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FileNotFoundException)
        {
            return ManifestReadResult.Fatal(label, null, InputRules.ManifestMissing, $"The batch folder has no {FileName}.");
        }
        catch (BoundedRead.TooLargeException)
        {
            return ManifestReadResult.Fatal(label, null, InputRules.ManifestSize, $"{FileName} is larger than {MaxManifestBytes} bytes.");
        }
        catch (BatchFileException ex)
        {
            return ManifestReadResult.Fatal(label, null, ex.Rule == InputRules.FilePath ? InputRules.ManifestPath : InputRules.ManifestUnreadable, ex.Message);
        }

        return Parse(bytes, label);
    }

    /// <summary>Parses manifest bytes; <paramref name="label"/> names the batch in errors until its id is known.</summary>
    public static ManifestReadResult Parse(ReadOnlyMemory<byte> json, string label)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return ManifestReadResult.Fatal(label, null, InputRules.ManifestJson, $"{FileName} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            return new ManifestWalker(label).Read(document.RootElement);
        }
    }
}

/// <summary>What reading a manifest gave: the manifest (null when it could not be read at all) and every problem found.</summary>
/// <param name="Manifest">The manifest, holding only the dossiers and documents that could be read.</param>
/// <param name="BatchId">The batch id, or the folder name when the manifest has none.</param>
/// <param name="Problems">Everything wrong, located by field.</param>
internal sealed record ManifestReadResult(BatchManifest? Manifest, string BatchId, IReadOnlyList<InputProblem> Problems)
{
    internal static ManifestReadResult Fatal(string label, string? field, string rule, string message) =>
        new(null, label, [new InputProblem(label, null, BatchManifestReader.FileName, field, rule, message)]);
}
