namespace ResumableUpload.CrashMatrix.Stores;

/// <summary>A checkpoint store as the matrix drives it: the <c>--checkpoint</c> value, and a look behind the CLI's back for what a run left.</summary>
internal abstract class StoreUnderTest : IAsyncDisposable
{
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);

    /// <summary>Gets whether the store's leases expire (SQLite, Redis); a killed holder's lease is taken over at once either way.</summary>
    public abstract bool HasExpiringLease { get; }

    public static StoreUnderTest Create(StoreKind kind, ServerSettings servers, string matrixFolder) => kind switch
    {
        StoreKind.File => new FileStoreUnderTest(),
        StoreKind.Sqlite => new SqliteStoreUnderTest(Path.Combine(matrixFolder, "checkpoints.db")),
        _ => new RedisStoreUnderTest(servers.Redis!),
    };

    /// <summary>The <c>--checkpoint</c> value of a run (its own folder, or the store every run of the combination shares).</summary>
    public abstract string Spec(RunPaths run);

    /// <summary>Describes the checkpoints of this run still in the store, and unreadable ones not reported before.</summary>
    public async Task<IReadOnlyList<string>> FindLeftoversAsync(RunPaths run)
    {
        var found = new List<string>();
        var store = OpenForListing(run);
        try
        {
            await foreach (var entry in store.ListAsync())
            {
                if (entry.Checkpoint is { } c && c.Header.Source.Path.StartsWith(run.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    found.Add($"checkpoint {entry.Key} ({c.Parts.Count}/{c.Header.PartCount} parts, upload {c.Header.UploadId})");
                }
                else if (entry.Checkpoint is null && reported.Add(entry.Key.Value))
                {
                    found.Add($"unreadable checkpoint {entry.Key}: {entry.Problem}");
                }
            }
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        found.AddRange(ExtraLeftovers(run));
        return found;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected abstract ICheckpointStore OpenForListing(RunPaths run);

    /// <summary>Anything else of the store a finished run should not leave (files next to the checkpoints).</summary>
    protected virtual IEnumerable<string> ExtraLeftovers(RunPaths run) => [];
}
