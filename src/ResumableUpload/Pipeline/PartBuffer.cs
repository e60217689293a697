using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One part on its way through the graph. Owns a pooled array (or, for parts larger than the memory budget allows,
/// nothing: the part is then streamed from the file) and gives it back exactly once when disposed.
/// </summary>
internal sealed class PartBuffer : IDisposable
{
    private readonly PartBufferPool pool;
    private byte[]? array;
    private int disposed;

    public PartBuffer(PartBufferPool pool, PartSpec spec, byte[]? array)
    {
        this.pool = pool;
        this.array = array;
        Spec = spec;
    }

    public PartSpec Spec { get; }

    public PartChecksums Checksums { get; set; }

    public bool IsBuffered => array is not null;

    public Memory<byte> Memory => (array ?? throw new InvalidOperationException("The part is streamed, not buffered.")).AsMemory(0, (int)Spec.Length);

    /// <summary>Opens the part's bytes as a new stream at position 0 (one per attempt).</summary>
    public Stream OpenStream(SafeFileHandle source)
    {
        var bytes = array;
        return bytes is not null
            ? new MemoryStream(bytes, 0, (int)Spec.Length, writable: false, publiclyVisible: true)
            : new FileSegmentStream(source, Spec.Offset, Spec.Length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            pool.Return(Interlocked.Exchange(ref array, null));
        }
    }
}
