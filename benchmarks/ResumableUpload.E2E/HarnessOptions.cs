namespace ResumableUpload.E2E;

/// <summary>The command line of <c>run</c>.</summary>
internal sealed record HarnessOptions
{
    public long Size { get; init; } = 2L << 30;

    public int Runs { get; init; } = 3;

    public long PartSize { get; init; } = 8L << 20;

    public int Threads { get; init; } = 3;

    public IReadOnlyList<long> SweepSizes { get; init; } = [256L << 20, 1L << 30, 4L << 30];

    /// <summary>Case names to run (all when empty).</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public string Directory { get; init; } = "/tmp/rupload-e2e";

    public required string Rupload { get; init; }

    public string? Output { get; init; }

    public string CommandLine { get; init; } = string.Empty;

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions { Rupload = string.Empty, CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--size" => options with { Size = Sizes.Parse(value) },
                "--runs" => options with { Runs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--part-size" => options with { PartSize = Sizes.Parse(value) },
                "--threads" => options with { Threads = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--sweep" => options with { SweepSizes = value.Length == 0 ? [] : [.. value.Split(',').Select(Sizes.Parse)] },
                "--cases" => options with { Only = value.Split(',').ToHashSet(StringComparer.Ordinal) },
                "--dir" => options with { Directory = value },
                "--rupload" => options with { Rupload = value },
                "--out" => options with { Output = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options.Rupload.Length == 0 ? throw new ArgumentException("--rupload <path of the rupload executable> is required") : options;
    }
}
