using System.Runtime.CompilerServices;
using ResumableUpload.Checkpoints;
using ResumableUpload.Shared;

namespace ResumableUpload;

/// <summary>
/// Checkpoints as files in a directory: <c>&lt;key&gt;.ckpt</c> holds the header record followed by appended part
/// records; <c>&lt;key&gt;.lock</c> carries the exclusive OS file lock of the lease. Files are created 0600.
/// </summary>
public sealed class FileCheckpointStore : ICheckpointStore
{
    internal const string CheckpointExtension = ".ckpt";
    internal const string LockExtension = ".lock";

    /// <summary>Initializes a new instance of the <see cref="FileCheckpointStore"/> class.</summary>
    /// <param name="directory">An existing directory.</param>
    public FileCheckpointStore(string directory)
        : this(new FileCheckpointStoreOptions { Directory = directory })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FileCheckpointStore"/> class.</summary>
    /// <param name="options">The options; <see cref="FileCheckpointStoreOptions.Directory"/> must be set.</param>
    public FileCheckpointStore(FileCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidationHelper.ThrowIfInvalid(options);
        Directory = Path.GetFullPath(options.Directory);
        FlushPartsToDisk = options.FlushPartsToDisk;
    }

    /// <summary>Gets the absolute directory of the checkpoints.</summary>
    internal string Directory { get; }

    internal bool FlushPartsToDisk { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 lowercase hex digits (as the SQLite and Redis stores).</exception>
    /// <exception cref="DirectoryNotFoundException">The checkpoint directory does not exist.</exception>
    public Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key)); // the key becomes a file name: "../x" must not leave the directory
        EnsureDirectory();
        return Task.FromResult<ICheckpointLease>(FileCheckpointLease.Acquire(this, key));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stats only: the directory (missing, it fails as <see cref="AcquireAsync"/> does, so a small file does not
    /// succeed where a large one fails), the checkpoint file, then the lock file (kept while a holder holds the lease).
    /// </remarks>
    public ValueTask<bool> MayHoldAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key));
        EnsureDirectory();
        return ValueTask.FromResult(File.Exists(CheckpointPath(key)) || File.Exists(LockPath(key)));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureDirectory();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + CheckpointExtension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileNameWithoutExtension(path);
            if (!CheckpointKey.IsWellFormed(name))
            {
                continue;
            }

            CheckpointEntry entry;
            try
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                entry = new CheckpointEntry(new CheckpointKey(name), FileCheckpointFormat.Parse(bytes, out _), null);
            }
            catch (CheckpointCorruptException ex)
            {
                entry = new CheckpointEntry(new CheckpointKey(name), null, ex.Message);
            }
            catch (FileNotFoundException)
            {
                continue; // deleted while listing
            }

            yield return entry;
        }
    }

    internal string CheckpointPath(CheckpointKey key) => Path.Combine(Directory, key.Value + CheckpointExtension);

    internal string LockPath(CheckpointKey key) => Path.Combine(Directory, key.Value + LockExtension);

    private void EnsureDirectory()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DirectoryNotFoundException($"The checkpoint directory '{Directory}' does not exist; create it first or choose another one.");
        }
    }
}
