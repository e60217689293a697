using System.Buffers;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Hands out at most <c>slots</c> part buffers at a time: the hard bound on in-flight memory, part size × slots,
/// whatever the file size. Arrays come from <see cref="ArrayPool{T}.Shared"/>, never fresh per part. The semaphore
/// never creates a wait handle, so the pool needs no disposal (buffers may come back after the graph has ended).
/// </summary>
#pragma warning disable CA1001 // see above: the semaphore holds no wait handle
internal sealed class PartBufferPool
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim slots;
    private readonly int arrayLength;

    public PartBufferPool(long partSize, int slotCount, bool streamFromFile)
    {
        slots = new SemaphoreSlim(slotCount, slotCount);
        SlotCount = slotCount;
        StreamFromFile = streamFromFile;
        arrayLength = streamFromFile ? 0 : checked((int)partSize);
    }

    public int SlotCount { get; }

    public bool StreamFromFile { get; }

    public async ValueTask<PartBuffer> RentAsync(PartSpec spec, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new PartBuffer(this, spec, StreamFromFile ? null : ArrayPool<byte>.Shared.Rent(arrayLength));
    }

    internal void Return(byte[]? array)
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        slots.Release();
    }
}
