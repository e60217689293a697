using System.Buffers;
using System.Runtime.InteropServices;

namespace ResumableUpload.Pipeline;

/// <summary>
/// One part-sized pooled array, shared by reference count between the <see cref="System.IO.Pipelines.PipeReader"/>
/// that reads into it and the part that keeps it. The pipe hands it back (disposes it) as soon as the slicer advances
/// past the part; the part keeps it alive until it is sent. When the last holder lets go, the block goes back to its
/// <see cref="PartArrayPool"/>, and its array to the engine's <see cref="Engine.PartMemory"/>, never before.
/// </summary>
internal sealed class SharedPartArray : MemoryManager<byte>
{
    private readonly PartArrayPool pool;
    private readonly int length;
    private byte[]? array;
    private int references = 1;
    private int pipeReleased;

    public SharedPartArray(PartArrayPool pool, int length)
    {
        this.pool = pool;
        this.length = length;
        array = pool.Memory.Take(length);
    }

    /// <summary>Gets the block's length in bytes.</summary>
    public int Length => length;

    /// <summary>Gets the block's bytes as an array segment (for streams that take an array without a copy).</summary>
    public ArraySegment<byte> Segment => new(Array, 0, length);

    private byte[] Array => array ?? throw new ObjectDisposedException(nameof(SharedPartArray));

    /// <summary>Adds a holder (a part that keeps the bytes after the pipe has moved on).</summary>
    public void AddReference()
    {
        if (Interlocked.Increment(ref references) <= 1)
        {
            throw new InvalidOperationException("The part block was already returned to the pool.");
        }
    }

    /// <summary>Removes a holder; the last one gives the block back to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            pool.Recycle(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("The part block was released more often than it was held.");
        }
    }

    /// <summary>Makes a recycled block new again: a fresh array, one holder, the renter.</summary>
    public void Reuse()
    {
        array = pool.Memory.Take(length);
        Volatile.Write(ref pipeReleased, 0);
        Volatile.Write(ref references, 1);
    }

    /// <summary>Gives the array back to the engine's memory (the part is sent, or the upload is over).</summary>
    public void ReturnArray()
    {
        if (Interlocked.Exchange(ref array, null) is { } a)
        {
            pool.Memory.Return(a);
        }
    }

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

    // IMemoryOwner<byte>.Dispose: the renter (the pipe) lets go, once per rental.
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref pipeReleased, 1) == 0)
        {
            Release();
        }
    }
}
