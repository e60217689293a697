namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// A target and checkpoint store as the batch kill test drives them: the CLI's arguments, and direct access behind
/// its back to read objects, to tell one write of an object from another, and to find what a batch left behind.
/// </summary>
internal abstract class BatchTarget : IAsyncDisposable
{
    /// <summary>Gets the destination prefix argument, ending in '/' (<c>file://</c>, <c>s3://</c>, <c>az://</c>).</summary>
    public abstract string Destination { get; }

    /// <summary>Gets the prefix the keys of the uploaded files start with (the local target is rooted at the prefix's folder).</summary>
    public abstract string KeyPrefix { get; }

    /// <summary>Gets the <c>--checkpoint</c> value (<c>dir:</c>, <c>sqlite:</c>, <c>redis:</c>).</summary>
    public abstract string Checkpoint { get; }

    /// <summary>Gets the extra CLI arguments this target needs.</summary>
    public virtual IReadOnlyList<string> CliArguments => [];

    /// <summary>Gets the part size: small, so that multipart files stay a few hundred KiB where the target allows it.</summary>
    public abstract long PartSize { get; }

    /// <summary>Gets the environment the CLI needs to reach the server, as a user would set it.</summary>
    public virtual IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>();

    /// <summary>Describes every object that is not byte-identical to its source file (missing, or other bytes).</summary>
    /// <param name="sources">Each key and its source file.</param>
    public abstract Task<IReadOnlyList<string>> DifferencesAsync(IReadOnlyDictionary<string, string> sources);

    /// <summary>
    /// Gets, for every object under <see cref="KeyPrefix"/>, a value that changes whenever the object is written again (a local
    /// file's modification time, every S3 version id, an Azure ETag): the server's own record of what was sent.
    /// </summary>
    public abstract Task<IReadOnlyDictionary<string, string>> WritesAsync();

    /// <summary>Describes every incomplete upload, staging debris and checkpoint (file or batch) left behind.</summary>
    public abstract Task<IReadOnlyList<string>> LeftoversAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Reads each object back whole (<paramref name="read"/>: null when missing) and compares it with its source.</summary>
    protected static async Task<IReadOnlyList<string>> DifferencesByReadingAsync(IEnumerable<KeyValuePair<string, string>> sources, Func<string, Task<byte[]?>> read)
    {
        var differences = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(sources, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (source, cancellationToken) =>
        {
            var bytes = await read(source.Key);
            if (bytes is null)
            {
                differences.Add($"{source.Key} is missing on the target");
            }
            else if (!bytes.AsSpan().SequenceEqual(File.ReadAllBytes(source.Value)))
            {
                differences.Add($"{source.Key} differs from its source");
            }
        });
        return [.. differences];
    }

    /// <summary>Describes the checkpoints in a store that belong to this test (a shared store holds other tests' too).</summary>
    protected static async Task<IReadOnlyList<string>> CheckpointsAsync(ICheckpointStore store, Func<CheckpointEntry, bool> ours)
    {
        var found = new List<string>();
        await foreach (var entry in store.ListAsync())
        {
            if (ours(entry))
            {
                found.Add(entry.Checkpoint is { } c
                    ? $"checkpoint {entry.Key} of {c.Header.Location} (upload {c.Header.UploadId}, {c.Parts.Count} records)"
                    : $"unreadable checkpoint {entry.Key}: {entry.Problem}");
            }
        }

        return found;
    }
}
