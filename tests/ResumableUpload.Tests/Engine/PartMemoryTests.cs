using ResumableUpload.Engine;

namespace ResumableUpload.Tests.Engine;

/// <summary>The engine's arrays: reused by size, never more alive than the budget, part-sized ones let go last.</summary>
public class PartMemoryTests
{
    private const int Part = 1 << 20;

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(65536, 65536)]
    [InlineData(65537, Part)]
    [InlineData(Part, Part)]
    public void SizeClass_SmallPowersOfTwoElseThePartSize(long length, long expected)
        => Assert.Equal(expected, PartMemory.SizeClass(length, capacity: 8L * Part, blockLength: Part));

    [Fact]
    public void SizeClass_ClassPastTheBudget_ExactLength()
        => Assert.Equal(70_000, PartMemory.SizeClass(70_000, capacity: 100_000, blockLength: Part));

    [Fact]
    public async Task Take_SmallArrayBesideWaitingPartArraysAtTheBudget_KeepsThem()
    {
        var memory = new PartMemory(new ByteBudget(3L * Part));
        var parts = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await memory.Budget.AcquireAsync(Part, CancellationToken.None);
            parts.Add(memory.Take(Part));
        }

        foreach (var part in parts)
        {
            memory.Return(part);
            memory.Budget.Release(Part);
        }

        // A small put while three part-sized arrays fill the budget: its array is small-object-heap (the shared pool's),
        // so none of them is let go (a batch of tiny files did that once per file, and each next part made a new one).
        await memory.Budget.AcquireAsync(4096, CancellationToken.None);
        var small = memory.Take(4096);
        Assert.Equal(3L * Part, memory.FreeBytes);
        Assert.Equal(3L * Part, memory.LiveBytes);
        memory.Return(small);
        memory.Budget.Release(4096);

        // The next three parts reuse the waiting arrays: the same objects, nothing new alive.
        var reused = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            await memory.Budget.AcquireAsync(Part, CancellationToken.None);
            reused.Add(memory.Take(Part));
        }

        Assert.Equal(parts.ToHashSet(ReferenceEqualityComparer.Instance), reused.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.Equal(3L * Part, memory.LiveBytes);
    }

    [Fact]
    public async Task Take_AtTheBudget_LetsGoOfSmallerArraysBeforeAPartSizedOne()
    {
        const int Smaller = 128 * 1024;
        var memory = new PartMemory(new ByteBudget(2L * Part));
        var smalls = new List<byte[]>();
        for (var i = 0; i < 2; i++)
        {
            await memory.Budget.AcquireAsync(Smaller, CancellationToken.None);
            smalls.Add(memory.Take(Smaller));
        }

        await memory.Budget.AcquireAsync(Part, CancellationToken.None);
        var part = memory.Take(Part);
        memory.Return(part);
        memory.Budget.Release(Part);
        foreach (var small in smalls)
        {
            memory.Return(small);
            memory.Budget.Release(Smaller);
        }

        // 1 MiB + 256 KiB wait; an array of another size, 900 KiB, needs 132 KiB more than the 2 MiB budget allows
        // beside them: both smaller ones go, the part-sized one stays for the next part.
        await memory.Budget.AcquireAsync(900 * 1024, CancellationToken.None);
        _ = memory.Take(900 * 1024);
        Assert.Equal(Part, memory.FreeBytes);
        Assert.Equal(Part + (900 * 1024), memory.LiveBytes);
        Assert.True(memory.LiveBytes <= memory.Budget.Capacity);
        await memory.Budget.AcquireAsync(Part, CancellationToken.None);
        Assert.Same(part, memory.Take(Part));
    }
}
