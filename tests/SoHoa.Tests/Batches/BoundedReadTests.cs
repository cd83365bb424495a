using SoHoa.Batches;

namespace SoHoa.Tests.Batches;

/// <summary>The size limit of a whole read, held before reading when the stream knows its length, seekable or not.</summary>
[TestClass]
public sealed class BoundedReadTests
{
    [TestMethod]
    public async Task ReadAll_StreamedContentThatAnnouncesMoreThanTheLimit_IsRefusedBeforeAnyRead()
    {
        // Like a blob streamed from storage: not seekable, its length known from the answer.
        var stream = new AnnouncedStream(new byte[64], announced: 64);

        BoundedRead.TooLargeException refused = await Assert.ThrowsExceptionAsync<BoundedRead.TooLargeException>(() => BoundedRead.ReadAllAsync(stream, 10, CancellationToken.None));

        Assert.AreEqual("64", refused.Description);
        Assert.AreEqual(0, stream.Reads, "the content was read before it was refused");
    }

    [TestMethod]
    public async Task ReadAll_StreamWithoutALength_IsStillHeldToTheLimitWhileReading()
    {
        var stream = new AnnouncedStream(new byte[64], announced: null);

        BoundedRead.TooLargeException refused = await Assert.ThrowsExceptionAsync<BoundedRead.TooLargeException>(() => BoundedRead.ReadAllAsync(stream, 10, CancellationToken.None));

        StringAssert.StartsWith(refused.Description, "more than");
        CollectionAssert.AreEqual(new byte[8], await BoundedRead.ReadAllAsync(new AnnouncedStream(new byte[8], announced: null), 10, CancellationToken.None));
    }

    /// <summary>A forward-only stream that knows its length (or not), counting its reads.</summary>
    private sealed class AnnouncedStream(byte[] content, long? announced) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => announced ?? throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            int read = Math.Min(count, content.Length - _position);
            Array.Copy(content, _position, buffer, offset, read);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
