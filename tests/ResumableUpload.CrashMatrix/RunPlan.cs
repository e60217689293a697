using System.Globalization;

namespace ResumableUpload.CrashMatrix;

/// <summary>The sizes every combination is tried with: the edges of the part layout, and one at random.</summary>
public enum SizeClass
{
    Empty,
    OnePart,
    ExactParts,
    PartsPlusOneByte,
    Random,
}

/// <summary>
/// When to SIGKILL one child: after a random delay, or once it has reported a random number of finished parts. Both
/// are fractions of what is left when the child starts (known only then), so the plan stays a function of the seed.
/// </summary>
/// <param name="ByDelay">Whether to kill after a delay (else after a number of reported parts).</param>
/// <param name="Fraction">Where in what is left, from 0 (at once) to 1 (at the last part, i.e. around complete).</param>
internal sealed record KillTrigger(bool ByDelay, double Fraction)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(ByDelay ? "delay" : "parts")}@{Fraction:0.00}");
}

/// <summary>One seeded run: the source, the upload options, and the kills to aim at before the run to completion.</summary>
internal sealed record RunPlan(int Seed, SizeClass SizeClass, long Size, long PartSize, int Threads, IReadOnlyList<KillTrigger> Kills)
{
    public static RunPlan Create(int seed, Func<Random, long> choosePartSize, MatrixSettings settings)
    {
        var random = new Random(seed);
        var partSize = choosePartSize(random);
        var sizeClass = (SizeClass)random.Next(5);
        var maxParts = (int)Math.Max(2, settings.MaxSize / partSize);
        var size = sizeClass switch
        {
            SizeClass.Empty => 0,
            SizeClass.OnePart => partSize,
            SizeClass.ExactParts => partSize * random.Next(2, maxParts + 1),
            SizeClass.PartsPlusOneByte => (partSize * random.Next(1, maxParts)) + 1,
            _ => random.NextInt64(1, settings.MaxSize + 1),
        };
        var threads = random.Next(1, 5);
        var kills = Enumerable.Range(0, random.Next(settings.MinKills, settings.MaxKills + 1))
            .Select(_ => new KillTrigger(random.Next(2) == 0, random.NextDouble()))
            .ToList();
        if (settings.LandEveryKill)
        {
            // At least 4 parts (the upper half of what MaxSize allows, so that a fast local target is still busy when
            // the kill arrives), and each kill within the first quarter of the parts left: 2 or more remain after two kills.
            sizeClass = SizeClass.PartsPlusOneByte;
            size = (partSize * random.Next(Math.Max(4, maxParts / 2), Math.Max(4, maxParts) + 1)) + 1;
            kills = [.. kills.Select(k => new KillTrigger(ByDelay: false, k.Fraction * 0.25))];
        }

        return new RunPlan(seed, sizeClass, size, partSize, threads, kills);
    }

    /// <summary>Derives a run's seed from the matrix seed, the combination and the run number only.</summary>
    /// (A fixed mix, not HashCode, whose seed changes with every process.)
    public static int SeedFor(int matrixSeed, Combination combination, int run)
    {
        var x = ((ulong)(uint)matrixSeed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(combination.Index + 1) * 0xBF58476D1CE4E5B9UL) ^ ((ulong)(run + 1) * 0x94D049BB133111EBUL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)((x ^ (x >> 31)) & int.MaxValue);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seed {Seed}, {SizeClass} {Size} B, part {PartSize} B, threads {Threads}, kills [{string.Join(' ', Kills)}]");
}
