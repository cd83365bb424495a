using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using SoHoa.Azure.Storage;
using SoHoa.Batches;
using SoHoa.Storage;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>Documents for the Azure store's tests, and direct access to what the store wrote (through the SDK, as an operator would look).</summary>
internal static class AzureTestDocuments
{
    public const string Agency = "000.00.01.H12";
    public const string Dossier = "000.00.01.H12-261203-0001";

    public static byte[] PdfBytes(string content, int size = 0)
    {
        byte[] text = Encoding.ASCII.GetBytes("%PDF-1.7\n% " + content + "\n");
        byte[] pdf = new byte[Math.Max(size, text.Length + 6)];
        RandomNumberGenerator.Fill(pdf);
        text.CopyTo(pdf, 0);
        "%%EOF\n"u8.CopyTo(pdf.AsSpan(pdf.Length - 6));
        return pdf;
    }

    public static StoredDocument Document(byte[] pdf, string? id = null, string kind = "birth-certificate", string dossier = Dossier, DateOnly? validUntil = null)
    {
        id ??= "0123456789abcdef0123456789abcdef";
        var received = new DateOnly(2026, 12, 3);
        return new StoredDocument(id, Agency, dossier, "1.001612", kind, DocumentRole.Input, "123/2020", new DateOnly(2020, 12, 23), validUntil,
            DocumentPaths.Pdf(Agency, received, dossier, id), DocumentPaths.Sidecar(Agency, received, dossier, id),
            Convert.ToHexStringLower(SHA256.HashData(pdf)), 1, "TEST-1", new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    }

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static BlobContainerClient Container(AzureStoreOptions options) => new BlobServiceClient(options.ConnectionString).GetBlobContainerClient(options.ContainerName);

    public static TableClient Table(AzureStoreOptions options) => new TableServiceClient(options.ConnectionString).GetTableClient(options.ResolvedTableName);

    public static async Task<byte[]> ReadBlobAsync(AzureStoreOptions options, string name) =>
        (await Container(options).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    public static async Task<List<string>> BlobNamesAsync(AzureStoreOptions options)
    {
        var names = new List<string>();
        await foreach (var item in Container(options).GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        return names;
    }

    public static async Task<List<TableEntity>> EntitiesAsync(AzureStoreOptions options)
    {
        var entities = new List<TableEntity>();
        await foreach (TableEntity entity in Table(options).QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        return entities;
    }
}
