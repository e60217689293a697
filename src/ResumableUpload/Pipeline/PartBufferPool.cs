using System.Buffers;
using System.Runtime.InteropServices;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Hands out at most <c>slots</c> parts at a time: the hard bound on in-flight memory, part size × slots, whatever the
/// file size. It is also the <see cref="MemoryPool{T}"/> of the slicer's <see cref="System.IO.Pipelines.PipeReader"/>:
/// every pipe segment is one part-sized <see cref="PartBlock"/>, so the file is read straight into the block that
/// then becomes the part, with no copy. A block whose part is sent comes back here and is reused, so one upload holds
/// at most <c>slots</c> arrays (handing each back to <see cref="ArrayPool{T}.Shared"/> only when the upload ends, so
/// that the next upload reuses them): the shared pool's per-thread caches never see the blocks move between threads,
/// which let it keep extra part-sized arrays alive. Parts may come back after disposal (the graph has ended); their
/// arrays then go straight back to the shared pool. The semaphore never creates a wait handle.
/// </summary>
internal sealed class PartBufferPool : MemoryPool<byte>
{
    private readonly SemaphoreSlim slots;
    private readonly Stack<PartBlock> free = new();
    private bool closed;
    private int copiedParts;

    public PartBufferPool(long partSize, int slotCount, bool streamFromFile)
    {
        slots = new SemaphoreSlim(slotCount, slotCount);
        SlotCount = slotCount;
        StreamFromFile = streamFromFile;
        BlockLength = streamFromFile ? 0 : checked((int)partSize);
    }

    public int SlotCount { get; }

    public bool StreamFromFile { get; }

    /// <summary>Gets the length of every block: the part size.</summary>
    public int BlockLength { get; }

    public override int MaxBufferSize => BlockLength;

    /// <summary>Gets the number of parts that had to be copied out of the pipe (zero when every part maps to one block).</summary>
    public int CopiedParts => Volatile.Read(ref copiedParts);

    /// <summary>Waits for a free slot; the part then created (or <see cref="ReleaseSlot"/>) gives it back.</summary>
    public ValueTask WaitForSlotAsync(CancellationToken cancellationToken) => new(slots.WaitAsync(cancellationToken));

    public void ReleaseSlot() => slots.Release();

    /// <summary>A part that is not buffered (too large for the memory budget): the hasher and the uploader read the file.</summary>
    public PartBuffer Streamed(PartSpec spec) => new(this, spec, block: null);

    /// <summary>
    /// Makes the part from the bytes the pipe read, in the slot already taken. When they are exactly one of this pool's
    /// blocks (the normal case), the part keeps that block and nothing is copied; otherwise they are copied into a new block.
    /// </summary>
    public PartBuffer Adopt(PartSpec spec, in ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment && MemoryMarshal.TryGetMemoryManager(bytes.First, out PartBlock? block, out var start, out _) && start == 0)
        {
            block.AddReference();
            return new PartBuffer(this, spec, block);
        }

        Interlocked.Increment(ref copiedParts);
        var copy = TakeBlock();
        bytes.CopyTo(copy.GetSpan());
        return new PartBuffer(this, spec, copy);
    }

    /// <summary>Called by the pipe for each segment: one whole part-sized block.</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockLength);
        return TakeBlock();
    }

    /// <summary>Takes back a block whose last holder let go.</summary>
    public void Recycle(PartBlock block)
    {
        lock (free)
        {
            if (!closed)
            {
                free.Push(block);
                return;
            }
        }

        block.ReturnArray();
    }

    protected override void Dispose(bool disposing)
    {
        lock (free)
        {
            closed = true;
            while (free.TryPop(out var block))
            {
                block.ReturnArray();
            }
        }
    }

    private PartBlock TakeBlock()
    {
        lock (free)
        {
            if (free.TryPop(out var block))
            {
                block.Reuse();
                return block;
            }
        }

        return new PartBlock(this, BlockLength);
    }
}
