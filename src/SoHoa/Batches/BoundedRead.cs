using System.Globalization;

namespace SoHoa.Batches;

/// <summary>Reads a stream whole, up to a limit held while reading (a file may grow after its size was looked at).</summary>
internal static class BoundedRead
{
    /// <summary>Returns what <paramref name="stream"/> holds, or throws <see cref="TooLargeException"/> once it is known to hold more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        long length = KnownLength(stream);
        if (length > maxBytes)
        {
            throw new TooLargeException(length.ToString("N0", CultureInfo.InvariantCulture));
        }

        // Sized by what the file holds now, and read on to its end, whatever it has grown to meanwhile, up to the limit.
        using var content = new MemoryStream((int)Math.Min(length, Array.MaxLength));
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (content.Length + read > maxBytes)
            {
                throw new TooLargeException("more than " + maxBytes.ToString("N0", CultureInfo.InvariantCulture));
            }

            content.Write(chunk, 0, read);
        }

        return content.Length == content.Capacity ? content.GetBuffer() : content.ToArray();
    }

    /// <summary>
    /// The stream's length when it knows it: a file's, or a blob's streamed from storage (not seekable, but its length
    /// is known from the answer, as <see cref="IBatchFiles.OpenReadAsync"/> promises); 0 when it does not.
    /// </summary>
    private static long KnownLength(Stream stream)
    {
        try
        {
            return stream.Length;
        }
        catch (NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>The stream holds more than the limit; <see cref="Description"/> says how much, as far as it is known.</summary>
    internal sealed class TooLargeException(string description) : IOException($"The file holds {description} bytes.")
    {
        public string Description { get; } = description;
    }
}
