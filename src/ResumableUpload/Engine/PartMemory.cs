namespace ResumableUpload.Engine;

/// <summary>
/// The arrays behind every part buffer of an uploader, under its one <see cref="ByteBudget"/>. A part reserves its
/// bytes in the budget before its array is taken and gives them back when it is sent; the array itself comes back
/// here and waits, by size, for the next part of any upload. Arrays kept waiting count against the budget too: when
/// a new array would take reserved plus waiting bytes past it, waiting arrays are let go first. So the arrays alive
/// never exceed the budget, however many uploads share it. One lock, never held across a wait.
/// </summary>
internal sealed class PartMemory(ByteBudget budget)
{
    private readonly Dictionary<int, Stack<byte[]>> free = [];
    private long freeBytes;

    public ByteBudget Budget { get; } = budget;

    /// <summary>Gets the bytes of arrays waiting for reuse.</summary>
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

    /// <summary>
    /// The length of the array a single put of <paramref name="length"/> bytes takes: the next power of two (at least
    /// 4 KiB), or exactly the length when that would not fit the budget.
    /// </summary>
    public static long SizeClass(long length, long capacity)
    {
        var rounded = length <= 4096 ? 4096 : (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)length);
        return rounded <= capacity && rounded <= Array.MaxLength ? rounded : length;
    }

    /// <summary>Takes an array of exactly <paramref name="length"/> bytes, for a part whose bytes are already reserved in the budget.</summary>
    public byte[] Take(int length)
    {
        lock (free)
        {
            if (free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
            {
                freeBytes -= length;
                return array;
            }

            // Let go of waiting arrays of other sizes until the new one fits beside what is reserved.
            foreach (var (size, others) in free)
            {
                while (freeBytes > 0 && Budget.Used + freeBytes > Budget.Capacity && others.TryPop(out _))
                {
                    freeBytes -= size;
                }
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Takes back an array whose part is done with it.</summary>
    public void Return(byte[] array)
    {
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
