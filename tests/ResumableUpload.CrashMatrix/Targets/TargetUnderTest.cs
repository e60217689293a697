namespace ResumableUpload.CrashMatrix.Targets;

/// <summary>
/// A target as the matrix drives it: the destination the CLI is given, and direct access behind the CLI's back to read
/// the object and to find what an upload left behind.
/// </summary>
internal abstract class TargetUnderTest : IAsyncDisposable
{
    /// <summary>Gets the extra CLI arguments and environment this target needs.</summary>
    public virtual IReadOnlyList<string> CliArguments => [];

    public virtual IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>();

    /// <summary>Gets a rough upload rate, to spread delay-triggered kills over a whole child run.</summary>
    public abstract double BytesPerSecond { get; }

    public static async Task<TargetUnderTest> CreateAsync(TargetKind kind, ServerSettings servers)
        => kind switch
        {
            TargetKind.Local => new LocalTargetUnderTest(),
            TargetKind.S3 => await S3TargetUnderTest.CreateAsync(servers),
            _ => await AzureTargetUnderTest.CreateAsync(servers),
        };

    /// <summary>Chooses the part size of a run (the matrix keeps them small so that files have many parts).</summary>
    public abstract long ChoosePartSize(Random random);

    /// <summary>The destination argument of a run, whose object key starts with a prefix of its own.</summary>
    public abstract string Destination(RunPaths run);

    /// <summary>Reads the object, or returns <see langword="null"/> when there is none.</summary>
    public abstract Task<byte[]?> ReadObjectAsync(RunPaths run);

    /// <summary>Deletes the object once verified: the servers keep everything in memory (Ceph's memstore fills up and then blocks).</summary>
    public virtual Task DeleteObjectAsync(RunPaths run) => Task.CompletedTask;

    /// <summary>Describes every incomplete upload (and, where the target can show it, any other debris) a run left behind.</summary>
    public abstract Task<IReadOnlyList<string>> FindOrphansAsync(RunPaths run);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
