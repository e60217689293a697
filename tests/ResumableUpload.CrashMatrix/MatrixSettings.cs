using System.Globalization;

namespace ResumableUpload.CrashMatrix;

/// <summary>What to run: how many runs per combination, the seed, the combinations, and the bounds of each run.</summary>
public sealed record MatrixSettings
{
    public const string Usage = "usage: ResumableUpload.CrashMatrix --runs N --seed S [--combos all|file:local,redis:s3,...] [--min-kills 0] [--max-kills 3] [--max-size 64MiB] [--rupload path/rupload.dll] [--work DIR] [--verbose]";

    public int Runs { get; init; } = 1;

    public int Seed { get; init; } = 1;

    public IReadOnlyList<Combination> Combinations { get; init; } = Combination.All;

    /// <summary>Gets the fewest SIGKILLs a run aims at (a kill can miss when the upload finishes first).</summary>
    public int MinKills { get; init; }

    /// <summary>Gets the most SIGKILLs a run aims at.</summary>
    public int MaxKills { get; init; } = 3;

    /// <summary>
    /// Gets whether every kill must land: each run is a file of at least four parts and each kill is triggered by a
    /// progress line in the first quarter of the parts left, so the child is always killed before it can finish.
    /// </summary>
    public bool LandEveryKill { get; init; }

    /// <summary>Gets the largest source file, in bytes.</summary>
    public long MaxSize { get; init; } = 64L << 20;

    /// <summary>Gets the CLI under test; by default the rupload.dll built next to the harness.</summary>
    public string RuploadDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "rupload.dll");

    /// <summary>Gets where sources, local targets and file checkpoints go (a fresh folder under it, removed at the end).</summary>
    public string WorkRoot { get; init; } = Path.GetTempPath();


    /// <summary>Gets whether to print a line per run, not only per combination.</summary>
    public bool Verbose { get; init; }

    public static MatrixSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new MatrixSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--verbose")
            {
                settings = settings with { Verbose = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value. {Usage}");
            }

            var value = args[++i];
            settings = name switch
            {
                "--runs" => settings with { Runs = PositiveInt(name, value, allowZero: false) },
                "--seed" => settings with { Seed = int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) },
                "--combos" => settings with { Combinations = Combination.ParseList(value) },
                "--min-kills" => settings with { MinKills = PositiveInt(name, value, allowZero: true) },
                "--max-kills" => settings with { MaxKills = PositiveInt(name, value, allowZero: true) },
                "--max-size" => settings with { MaxSize = ParseSize(name, value) },
                "--rupload" => settings with { RuploadDll = Path.GetFullPath(value) },
                "--work" => settings with { WorkRoot = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown argument {name}. {Usage}"),
            };
        }

        if (settings.MinKills > settings.MaxKills)
        {
            throw new ArgumentException("--min-kills is above --max-kills.");
        }

        return settings;
    }

    private static int PositiveInt(string name, string value, bool allowZero)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n > 0 || (allowZero && n == 0))
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a {(allowZero ? "non-negative" : "positive")} whole number.");

    private static long ParseSize(string name, string value)
    {
        var units = new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), (string.Empty, 1L) };
        foreach (var (suffix, factor) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(value.AsSpan(0, value.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return n * factor;
            }
        }

        throw new ArgumentException($"{name}: '{value}' is not a size (e.g. 64MiB).");
    }
}
