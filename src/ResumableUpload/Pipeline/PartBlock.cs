using System.Buffers;
using System.Runtime.InteropServices;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One part-sized pooled array, shared by reference count between the <see cref="System.IO.Pipelines.PipeReader"/>
/// that reads into it and the part that keeps it. The pipe hands it back (disposes it) as soon as the slicer advances
/// past the part; the part keeps it alive until it is sent. The array goes back to <see cref="ArrayPool{T}.Shared"/>
/// when the last holder lets go, never before.
/// </summary>
internal sealed class PartBlock : MemoryManager<byte>
{
    private readonly int length;
    private byte[]? array;
    private int references = 1;
    private int disposed;

    public PartBlock(int length)
    {
        this.length = length;
        array = ArrayPool<byte>.Shared.Rent(length);
    }

    /// <summary>Adds a holder (a part that keeps the bytes after the pipe has moved on).</summary>
    public void AddReference()
    {
        if (Interlocked.Increment(ref references) <= 1)
        {
            throw new InvalidOperationException("The part block was already returned to the pool.");
        }
    }

    /// <summary>Removes a holder; the last one returns the array to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            ArrayPool<byte>.Shared.Return(Interlocked.Exchange(ref array, null)!);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("The part block was released more often than it was held.");
        }
    }

    /// <summary>Gets the block's bytes as an array segment (for streams that take an array without a copy).</summary>
    public ArraySegment<byte> Segment => new(Array, 0, length);

    public override Span<byte> GetSpan() => Array.AsSpan(0, length);

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
        var handle = GCHandle.Alloc(Array, GCHandleType.Pinned);
        return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
    }

    public override void Unpin()
    {
    }

    protected override bool TryGetArray(out ArraySegment<byte> segment)
    {
        segment = Segment;
        return true;
    }

    // IMemoryOwner<byte>.Dispose: the renter (the pipe) lets go, once.
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Release();
        }
    }

    private byte[] Array => array ?? throw new ObjectDisposedException(nameof(PartBlock));
}
