using System.Globalization;

namespace SoHoa.Imaging;

/// <summary>Reads a file whole, up to a limit held while reading (a file may grow after its size was looked at).</summary>
internal static class LimitedFile
{
    /// <summary>Returns the bytes of <paramref name="path"/>, or throws <see cref="TooLargeException"/> once it is known to hold more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            long length = stream.Length;
            if (length > maxBytes)
            {
                throw new TooLargeException(length.ToString("N0", CultureInfo.InvariantCulture));
            }

            // Sized by what the file holds now; one byte more is asked for, to notice it has grown beyond that.
            byte[] buffer = new byte[length];
            int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < buffer.Length)
            {
                return buffer[..read];
            }

            byte[] probe = new byte[1];
            if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
            {
                return buffer;
            }

            // It grew while being read: read on, up to the limit.
            if (buffer.LongLength + 1 > maxBytes)
            {
                throw new TooLargeException("more than " + maxBytes.ToString("N0", CultureInfo.InvariantCulture));
            }

            using var grown = new MemoryStream();
            grown.Write(buffer);
            grown.Write(probe);
            byte[] chunk = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (grown.Length + n > maxBytes)
                {
                    throw new TooLargeException("more than " + maxBytes.ToString("N0", CultureInfo.InvariantCulture));
                }

                grown.Write(chunk, 0, n);
            }

            return grown.ToArray();
        }
    }

    /// <summary>The file holds more than the limit; <see cref="Description"/> says how much, as far as it is known.</summary>
    internal sealed class TooLargeException(string description) : IOException($"The file holds {description} bytes.")
    {
        public string Description { get; } = description;
    }
}
