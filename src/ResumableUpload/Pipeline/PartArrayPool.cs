using System.Buffers;
using System.Runtime.InteropServices;
using ResumableUpload.Engine;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Hands out at most <c>slots</c> parts of one upload at a time, each after its bytes are reserved in the engine's one
/// memory budget (<see cref="PartMemory"/>), shared with every other upload of the uploader: the hard bound on memory,
/// whatever the file size and however many files. It is also the <see cref="MemoryPool{T}"/> of the slicer's <see cref="System.IO.Pipelines.PipeReader"/>:
/// every pipe segment is one part-sized <see cref="SharedPartArray"/>, so the file is read straight into the block that
/// then becomes the part, with no copy. A block whose part is sent gives its array back to the engine's memory at once
/// (where the next part of any upload reuses it; <see cref="ArrayPool{T}.Shared"/>'s per-thread caches, which kept
/// extra part-sized arrays alive, are not used) and the block object is reused. Parts may come back after disposal
/// (the graph has ended). The semaphore never creates a wait handle.
/// </summary>
internal sealed class PartArrayPool : MemoryPool<byte>
{
    private readonly SemaphoreSlim slots;
    private readonly Stack<SharedPartArray> free = new();
    private bool closed;
    private int copiedParts;

    /// <param name="partSize">The part size: every block's length.</param>
    /// <param name="slotCount">The most parts of this upload at once.</param>
    /// <param name="streamFromFile">Parts are not buffered but read from the file where they are needed.</param>
    /// <param name="memory">The engine's memory, or <see langword="null"/> for a private one bounded by the slots alone.</param>
    public PartArrayPool(long partSize, int slotCount, bool streamFromFile, PartMemory? memory = null)
    {
        slots = new SemaphoreSlim(slotCount, slotCount);
        Memory = memory ?? new PartMemory(new ByteBudget(Math.Max(1, partSize * slotCount)));
        SlotCount = slotCount;
        StreamFromFile = streamFromFile;
        BlockLength = streamFromFile ? 0 : checked((int)partSize);
    }

    public int SlotCount { get; }

    /// <summary>Gets the memory the blocks' arrays come from.</summary>
    public PartMemory Memory { get; }

    public bool StreamFromFile { get; }

    /// <summary>Gets the length of every block: the part size.</summary>
    public int BlockLength { get; }

    public override int MaxBufferSize => BlockLength;

    /// <summary>Gets the number of parts that had to be copied out of the pipe (zero when every part maps to one block).</summary>
    public int CopiedParts => Volatile.Read(ref copiedParts);

    /// <summary>
    /// Waits for a free slot of this upload, then for a part's bytes in the shared budget; the part then created (or
    /// <see cref="ReleaseSlot()"/>) gives both back.
    /// </summary>
    public ValueTask WaitForSlotAsync(CancellationToken cancellationToken) => WaitForSlotAsync(BlockLength, cancellationToken);

    /// <summary>Waits for a slot and <paramref name="bytes"/> of the budget (a stream's part; <c>ReleaseSlot(bytes)</c> gives them back).</summary>
    public async ValueTask WaitForSlotAsync(long bytes, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Memory.Budget.AcquireAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    public void ReleaseSlot() => ReleaseSlot(BlockLength);

    public void ReleaseSlot(long bytes)
    {
        Memory.Budget.Release(bytes);
        slots.Release();
    }

    /// <summary>
    /// A block of exactly <paramref name="length"/> bytes for a stream's part, in a slot already taken: a recycled one
    /// when the length is the pool's, else a new one (its array still comes from the engine's memory).
    /// </summary>
    public SharedPartArray TakeBlock(int length) => length == BlockLength ? TakeBlock() : new SharedPartArray(this, length);

    /// <summary>A part that is not buffered (too large for the memory budget): the hasher and the uploader read the file.</summary>
    public SlicedPart Streamed(PartSpec spec) => new(this, spec, block: null);

    /// <summary>
    /// Makes the part from the bytes the pipe read, in the slot already taken. When they are exactly one of this pool's
    /// blocks (the normal case), the part keeps that block and nothing is copied; otherwise they are copied into a new block.
    /// </summary>
    public SlicedPart Adopt(PartSpec spec, in ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment && MemoryMarshal.TryGetMemoryManager(bytes.First, out SharedPartArray? block, out var start, out _) && start == 0)
        {
            block.AddReference();
            return new SlicedPart(this, spec, block);
        }

        Interlocked.Increment(ref copiedParts);
        var copy = TakeBlock();
        bytes.CopyTo(copy.GetSpan());
        return new SlicedPart(this, spec, copy);
    }

    /// <summary>Called by the pipe for each segment: one whole part-sized block.</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockLength);
        return TakeBlock();
    }

    /// <summary>Takes back a block whose last holder let go.</summary>
    public void Recycle(SharedPartArray block)
    {
        block.ReturnArray();
        lock (free)
        {
            if (!closed && block.Length == BlockLength)
            {
                free.Push(block);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (free)
        {
            closed = true;
            free.Clear();
        }
    }

    private SharedPartArray TakeBlock()
    {
        lock (free)
        {
            if (free.TryPop(out var block))
            {
                block.Reuse();
                return block;
            }
        }

        return new SharedPartArray(this, BlockLength);
    }
}
