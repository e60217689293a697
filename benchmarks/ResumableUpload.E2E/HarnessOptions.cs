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

    /// <summary>Gets a value indicating whether to run the batch (directory) cases instead of the single-file ones.</summary>
    public bool Batch { get; init; }

    /// <summary>Gets a value indicating whether to run the stdin (stream) cases of issue 12 instead of the file ones.</summary>
    public bool Stream { get; init; }

    /// <summary>Gets a value indicating whether to run the bandwidth-cap cases (issue 14) instead of the file ones.</summary>
    public bool Bandwidth { get; init; }

    /// <summary>The caps of the bandwidth cases, bytes per second.</summary>
    public IReadOnlyList<long> Caps { get; init; } = [10L << 20, 25L << 20, 50L << 20];

    /// <summary>Files in flight for rupload, and the concurrency of every peer in the batch cases.</summary>
    public int FilesInFlight { get; init; } = 16;

    public int SmallFiles { get; init; } = 10_000;

    public long SmallFileSize { get; init; } = 64L << 10;

    public long MixedSize { get; init; } = 2L << 30;

    /// <summary>Files of the memory case to the null target (0 leaves it out).</summary>
    public int ManyFiles { get; init; } = 1_000_000;

    /// <summary>Gets a value indicating whether to keep the million-file tree for the next run.</summary>
    public bool KeepTrees { get; init; }

    public string CommandLine { get; init; } = string.Empty;

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions { Rupload = string.Empty, CommandLine = string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--batch" or "--keep-trees" or "--stream" or "--bandwidth")
            {
                options = args[i] switch
                {
                    "--batch" => options with { Batch = true },
                    "--stream" => options with { Stream = true },
                    "--bandwidth" => options with { Bandwidth = true },
                    _ => options with { KeepTrees = true },
                };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--size" => options with { Size = Sizes.Parse(value) },
                "--runs" => options with { Runs = Int(value) },
                "--part-size" => options with { PartSize = Sizes.Parse(value) },
                "--threads" => options with { Threads = Int(value) },
                "--sweep" => options with { SweepSizes = value.Length == 0 ? [] : [.. value.Split(',').Select(Sizes.Parse)] },
                "--cases" => options with { Only = value.Split(',').ToHashSet(StringComparer.Ordinal) },
                "--dir" => options with { Directory = value },
                "--rupload" => options with { Rupload = value },
                "--out" => options with { Output = value },
                "--files-in-flight" => options with { FilesInFlight = Int(value) },
                "--small-files" => options with { SmallFiles = Int(value) },
                "--small-file-size" => options with { SmallFileSize = Sizes.Parse(value) },
                "--mixed-size" => options with { MixedSize = Sizes.Parse(value) },
                "--many-files" => options with { ManyFiles = Int(value) },
                "--caps" => options with { Caps = [.. value.Split(',').Select(c => Sizes.Parse(c.EndsWith("/s", StringComparison.OrdinalIgnoreCase) ? c[..^2] : c))] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        static int Int(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        return options.Rupload.Length == 0 ? throw new ArgumentException("--rupload <path of the rupload executable> is required") : options;
    }
}
