using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One part on its way through the graph. Holds one slot of the pool and a pooled <see cref="SharedPartArray"/> (or, for
/// parts larger than the memory budget allows, nothing: the part is then streamed from the file), and gives both back
/// exactly once when disposed.
/// </summary>
internal sealed class SlicedPart : IDisposable
{
    private readonly PartArrayPool pool;
    private readonly long reserved;
    private SharedPartArray? block;
    private int disposed;

    public SlicedPart(PartArrayPool pool, PartSpec spec, SharedPartArray? block)
        : this(pool, spec, block, pool.BlockLength)
    {
    }

    /// <param name="pool">The pool whose slot the part holds.</param>
    /// <param name="spec">The part.</param>
    /// <param name="block">Its bytes, or <see langword="null"/>.</param>
    /// <param name="reserved">The bytes of the budget the slot took (a stream's parts vary in size).</param>
    public SlicedPart(PartArrayPool pool, PartSpec spec, SharedPartArray? block, long reserved)
    {
        this.pool = pool;
        this.block = block;
        this.reserved = reserved;
        Spec = spec;
    }

    public PartSpec Spec { get; }

    public PartChecksums Checksums { get; set; }

    /// <summary>Gets or sets the ledger's record of a replayed stream's part whose bytes matched it: not sent again.</summary>
    public PartRecord? Verified { get; set; }

    public bool IsBuffered => block is not null;

    public Memory<byte> Memory => (block ?? throw new InvalidOperationException("The part is streamed, not buffered.")).Memory[..(int)Spec.Length];

    /// <summary>Opens the part's bytes as a new stream at position 0 (one per attempt).</summary>
    public Stream OpenStream(SafeFileHandle source)
    {
        if (block is null)
        {
            return new FileSegmentStream(source, Spec.Offset, Spec.Length);
        }

        // A MemoryStream over the pooled array itself: targets can take the bytes without a copy (TryGetBuffer).
        var bytes = block.Segment;
        return new MemoryStream(bytes.Array!, bytes.Offset, (int)Spec.Length, writable: false, publiclyVisible: true);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Interlocked.Exchange(ref block, null)?.Release();
            pool.ReleaseSlot(reserved);
        }
    }
}
