using System.CommandLine;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// The arguments and options of <c>rupload upload</c>, for a single file and for a batch. A new upload option is a
/// property here, added to the command in <see cref="AddTo"/>, read where it applies.
/// </summary>
internal sealed class UploadSymbols
{
    public Argument<string?> Source { get; } = new("source")
    {
        Description = "The file to upload; '-' for stdin; an http(s):// URL served with Range; or a directory, uploaded file by file under a destination prefix ending in '/'; with --files-from, the base directory the list's relative paths start from [default: the current directory].",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Argument<string?> Destination { get; } = DestinationArgument.Create("The object (s3://bucket/key, az://container/blob, file:///path, null:), or a prefix ending in '/' for a directory or a list.");

    public Option<long?> PartSize { get; } = CliOptions.Size("--part-size", "The size of each part [default: 8MiB].");

    public Option<int?> Threads { get; } = CliOptions.WithAlias(CliOptions.WholeNumber("--threads", "n", "Parts of one file uploaded at once [default: 3]."), "--parts-in-flight");

    public Option<string?> Checkpoint { get; } = CommonOptions.Checkpoint();

    public Option<TimeSpan?> Lease { get; } = CliOptions.Duration("--lease", "How long a SQLite or Redis checkpoint lease lasts unless renewed: another process may take over an upload whose holder died after that [default: 30s].");

    public Option<long?> MaxBandwidth { get; } = CommonOptions.MaxBandwidth("every part and file of the command");

    public Option<bool> Md5 { get; } = CliOptions.Flag("--md5", "Send each part's Content-MD5, checked by the server.");

    public Option<string?> Checksum { get; } = CliOptions.Value<string?>(
        "--checksum",
        "crc64xz|crc64nvme|crc32c",
        "The whole-object checksum computed while reading [default: crc64xz].",
        static text => text.ToUpperInvariant() switch
        {
            "CRC64XZ" or "CRC64" => "crc64xz",
            "CRC64NVME" => "crc64nvme",
            "CRC32C" => "crc32c",
            _ => throw new UsageException($"--checksum: '{text}' is not one of crc64xz, crc64nvme, crc32c."),
        },
        "crc64xz",
        "crc64nvme",
        "crc32c");

    public Option<bool> VerifyOnResume { get; } = CliOptions.Flag("--verify-on-resume", "On resume, read the parts already sent again and compare them with the checkpoint.");

    /// <summary>Gets the object options: headers, metadata, tags, storage class, encryption, ACL.</summary>
    public ObjectSymbols Object { get; } = new();

    public TargetOptions Target { get; } = new(unsignedPayload: true);

    /// <summary>Gets <c>--cluster</c>: the upload becomes a job for a cluster's workers.</summary>
    public Cluster.ClusterSymbols Cluster { get; } = new();

    public Option<string?> Progress { get; } = CliOptions.Choice("--progress", "How progress shows on stderr [default: auto: bar on a terminal, lines otherwise].", "auto", "bar", "lines", "none");

    public Option<TimeSpan?> ProgressInterval { get; } = CliOptions.Duration("--progress-interval", "The least time between two progress lines [default: 2s].");

    public Option<bool> Verbose { get; } = CommonOptions.Verbose();

    public Option<long?> SizeHint { get; } = CliOptions.Size("--size-hint", "Stdin: the expected length, to size parts as for a file of that length (and show a percentage).");

    public Option<string?> StreamName { get; } = CliOptions.Text("--stream-name", "name", "Stdin or URL: a name that keeps two streams to one object apart in the checkpoint store.");

    public Option<long?> ExpectSize { get; } = CliOptions.Size("--expect-size", "Stdin: fail (and do not complete) if the stream ends at another length.");

    public Option<bool> NoCompleteOnEof { get; } = CliOptions.Flag("--no-complete-on-eof", "Stdin: send and record every part but do not complete; rerun the same pipeline without it to complete.");

    /// <summary>The options that only stdin or a URL take.</summary>
    public IEnumerable<Option> StreamOnly => [SizeHint, StreamName, ExpectSize, NoCompleteOnEof];

    public Option<string[]> Include { get; } = CliOptions.Repeated("--include", "glob", "Batch: upload only the files whose path under the directory matches (repeatable; **/*.csv, logs/**).");

    public Option<string[]> Exclude { get; } = CliOptions.Repeated("--exclude", "glob", "Batch: skip the files whose path under the directory matches (repeatable).");

    public Option<int?> FilesInFlight { get; } = CliOptions.WholeNumber("--files-in-flight", "n", "Batch: files uploaded at once [default: 16].");

    public Option<string?> FilesFrom { get; } = CliOptions.Text("--files-from", "list|-", "Batch: upload the files listed one per line in a file, or on stdin (-).");

    public Option<bool> StopOnFailure { get; } = CliOptions.Flag("--stop-on-failure", "Batch: start no file after the first failure.");

    /// <summary>The options that only a batch takes: a single file says so rather than ignore them.</summary>
    public IEnumerable<Option> BatchOnly => [Include, Exclude, FilesInFlight, FilesFrom, StopOnFailure];

    public void AddTo(Command command)
    {
        command.Arguments.Add(Source);
        command.Arguments.Add(Destination);
        foreach (var option in (Option[])[PartSize, Threads, MaxBandwidth, Checkpoint, Lease, Md5, Checksum, VerifyOnResume, .. Object.All])
        {
            command.Options.Add(option);
        }

        Target.AddTo(command);
        Cluster.AddTo(command);
        foreach (var option in (Option[])[.. StreamOnly, Progress, ProgressInterval, Verbose, .. BatchOnly])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The positionals given, in order, as the user typed them.</summary>
    public IReadOnlyList<string> Positionals(ParseResult parse)
        => new[] { parse.GetValue(Source), parse.GetValue(Destination) }.OfType<string>().ToList();

    public Action<UploadOptions> Options(ParseResult parse) => options =>
    {
        options.ContentMd5 = parse.GetValue(Md5);
        options.VerifyOnResume = parse.GetValue(VerifyOnResume);
        if (parse.GetValue(PartSize) is { } size)
        {
            options.PartSize = size;
        }

        if (parse.GetValue(Threads) is { } threads)
        {
            options.PartsInFlight = threads;
        }

        options.MaxBytesPerSecond = parse.GetValue(MaxBandwidth) ?? options.MaxBytesPerSecond;

        options.Checksum = parse.GetValue(Checksum) switch
        {
            "crc64nvme" => ChecksumAlgorithm.Crc64Nvme,
            "crc32c" => ChecksumAlgorithm.Crc32C,
            "crc64xz" => ChecksumAlgorithm.Crc64Xz,
            _ => options.Checksum,
        };
    };

    /// <summary>The progress display: <c>--json</c> puts progress on stdout as JSON lines unless <c>--progress none</c>.</summary>
    public ProgressMode ProgressMode(ParseResult parse, CliContext cli) => parse.GetValue(Progress) switch
    {
        "none" => Output.ProgressMode.None,
        _ when cli.Json => Output.ProgressMode.Json,
        "bar" => Output.ProgressMode.Bar,
        "lines" => Output.ProgressMode.Lines,
        _ => cli.ErrorIsTerminal ? Output.ProgressMode.Bar : Output.ProgressMode.Lines,
    };

    public TimeSpan ProgressLineInterval(ParseResult parse) => parse.GetValue(ProgressInterval) ?? TimeSpan.FromSeconds(2);

    public bool IsVerbose(ParseResult parse) => parse.GetValue(Verbose);
}
