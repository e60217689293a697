using System.Buffers;

namespace ResumableUpload.Engine;

/// <summary>
/// The arrays behind every part buffer of an uploader, under its one <see cref="ByteBudget"/>. A part reserves its
/// bytes in the budget before its array is taken and gives them back when it is sent; the array itself comes back
/// here and waits, by size, for the next part of any upload. The large arrays alive, taken or waiting, never exceed the
/// budget: a new one is made only when it fits beside them, else waiting arrays of other sizes are let go first, the
/// smallest first (a part-sized array let go is large-object-heap garbage that only a full collection frees, and the
/// next part would allocate another beside it). When none is left to let go the new array still fits: every taken
/// array and the new one are reserved in the budget. Small arrays (up to <see cref="SmallClassLimit"/>, below the large
/// object heap) come from <see cref="ArrayPool{T}.Shared"/>: they are reserved in the budget like the others, but never
/// make a waiting part-sized array go (a batch of tiny files did that once per file at the budget, and every next part
/// allocated a new one). One lock, never held across a wait.
/// </summary>
internal sealed class PartMemory(ByteBudget budget)
{
    private readonly SortedDictionary<int, Stack<byte[]>> free = []; // by size: eviction walks it smallest first
    private long freeBytes;
    private long liveBytes;

    public ByteBudget Budget { get; } = budget;

    /// <summary>Gets the bytes of every large array alive (above <see cref="SmallClassLimit"/>): taken by a part, or waiting for reuse.</summary>
    public long LiveBytes
    {
        get
        {
            lock (free)
            {
                return liveBytes;
            }
        }
    }

    /// <summary>Gets the bytes of large arrays waiting for reuse.</summary>
    public long FreeBytes
    {
        get
        {
            lock (free)
            {
                return freeBytes;
            }
        }
    }

    /// <summary>The largest array that stays off the large object heap; smaller puts keep power-of-two classes.</summary>
    public const long SmallClassLimit = 64 * 1024;

    /// <summary>
    /// The length of the array a single put of <paramref name="length"/> bytes takes. Up to 64 KiB: the next power of
    /// two (at least 4 KiB), arrays the GC collects young. Above that and up to <paramref name="blockLength"/> (the
    /// part size, whose arrays every multipart upload already uses): exactly <paramref name="blockLength"/>, so every
    /// large array of the uploader has one length and waiting arrays are always reusable. Power-of-two classes there
    /// made a batch of mixed sizes let go of waiting arrays of one class to allocate another: large-object-heap garbage
    /// that only a full collection frees (benchmarks/results/e2e-batch.md, "Where the mixed batch's memory goes").
    /// Exactly the length when the class would not fit the budget.
    /// </summary>
    public static long SizeClass(long length, long capacity, long blockLength)
    {
        var rounded = length <= 4096 ? 4096
            : length <= SmallClassLimit ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)length)
            : length <= blockLength ? blockLength
            : length;
        return rounded <= capacity && rounded <= Array.MaxLength ? rounded : length;
    }

    /// <summary>
    /// Takes an array for a part whose bytes are already reserved in the budget: exactly <paramref name="length"/> bytes
    /// above <see cref="SmallClassLimit"/>, else at least that many (the shared pool's power of two).
    /// </summary>
    public byte[] Take(int length)
    {
        if (length <= SmallClassLimit)
        {
            return ArrayPool<byte>.Shared.Rent(length);
        }

        lock (free)
        {
            if (free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
            {
                freeBytes -= length;
                return array;
            }

            if (liveBytes + length > Budget.Capacity)
            {
                foreach (var (size, others) in free)
                {
                    while (liveBytes + length > Budget.Capacity && others.TryPop(out _))
                    {
                        freeBytes -= size;
                        liveBytes -= size;
                    }
                }
            }

            liveBytes += length;
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Takes back an array whose part is done with it.</summary>
    public void Return(byte[] array)
    {
        if (array.Length <= SmallClassLimit)
        {
            ArrayPool<byte>.Shared.Return(array);
            return;
        }

        lock (free)
        {
            if (!free.TryGetValue(array.Length, out var stack))
            {
                free[array.Length] = stack = new Stack<byte[]>();
            }

            stack.Push(array);
            freeBytes += array.Length;
        }
    }
}
