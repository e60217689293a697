using Microsoft.Win32.SafeHandles;
using ResumableUpload.FileSystem;
using ResumableUpload.Shared;
using ResumableUpload.Sources;

namespace ResumableUpload.Checkpoints;

/// <summary>
/// The lease of one file checkpoint: an exclusive, non-blocking OS lock on <c>&lt;key&gt;.lock</c> (flock on Unix,
/// a share-none handle on Windows), released by the OS when the process dies.
/// </summary>
internal sealed class FileCheckpointLease : ICheckpointLease
{
    private readonly FileCheckpointStore store;
    private readonly string checkpointPath;
    private readonly string lockPath;
    private readonly byte[] recordBuffer = new byte[CheckpointCodec.MaxPartRecordLength];
    private readonly Lock appendGate = new();
    private FileStream? lockFile;
    private SafeFileHandle? log;
    private long logLength;

    private FileCheckpointLease(FileCheckpointStore store, CheckpointKey key, FileStream lockFile)
    {
        this.store = store;
        Key = key;
        checkpointPath = store.CheckpointPath(key);
        lockPath = store.LockPath(key);
        this.lockFile = lockFile;
    }

    public CheckpointKey Key { get; }

    public static FileCheckpointLease Acquire(FileCheckpointStore store, CheckpointKey key)
    {
        var lockPath = store.LockPath(key);
        for (var attempt = 0; ; attempt++)
        {
            FileStream lockFile;
            try
            {
                lockFile = new FileStream(lockPath, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new CheckpointLockedException($"The checkpoint {key} is in use by another upload (lock file '{lockPath}' is held).", ex);
            }

            // A holder that finished may have unlinked the lock file between our open and our lock: then we hold a
            // lock on a file nobody else can see. Only a lock on the file the path names now counts.
            var lockedId = FileIdentity.Of(lockFile.SafeFileHandle);
            if (lockedId is null || string.Equals(lockedId, FileIdentity.Of(lockPath), StringComparison.Ordinal))
            {
                return new FileCheckpointLease(store, key, lockFile);
            }

            lockFile.Dispose();
            if (attempt == 3)
            {
                throw Errors.CheckpointContended(key);
            }
        }
    }

    public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        CloseLog();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(checkpointPath);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<UploadCheckpoint?>(null);
        }

        var checkpoint = FileCheckpointFormat.Parse(bytes, out var validLength);

        // Appends continue after the last valid record; a torn tail is cut off so later records stay reachable.
        log = File.OpenHandle(checkpointPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (validLength < bytes.Length)
        {
            RandomAccess.SetLength(log, validLength);
        }

        logLength = validLength;
        return Task.FromResult<UploadCheckpoint?>(checkpoint);
    }

    public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        CloseLog();
        var record = CheckpointCodec.EncodeHeader(header);
        var temp = checkpointPath + ".tmp";
        using (var file = new FileStream(temp, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            file.Write(record);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, checkpointPath, overwrite: true);
        log = File.OpenHandle(checkpointPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        logLength = record.Length;
        return Task.CompletedTask;
    }

    public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        if (log is null)
        {
            throw new InvalidOperationException("Create or load the checkpoint before committing parts.");
        }

        // One positioned write of one self-checksummed record: the cost does not depend on how many parts precede it.
        // Commits may race (the buffer and the append position are shared), so appends are serialized.
        lock (appendGate)
        {
            var length = CheckpointCodec.EncodePart(part, recordBuffer);
            RandomAccess.Write(log, recordBuffer.AsSpan(0, length), logLength);
            logLength += length;
            if (store.FlushPartsToDisk)
            {
                RandomAccess.FlushToDisk(log);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The OS lock cannot be lost while this process lives, so holding the handle is proof enough.</summary>
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        CloseLog();
        File.Delete(checkpointPath);
        File.Delete(checkpointPath + ".tmp");
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        CloseLog();
        var held = Interlocked.Exchange(ref lockFile, null);
        if (held is not null)
        {
            // Remove the lock file only when no checkpoint remains, then release (the acquire side re-checks identity).
            if (!File.Exists(checkpointPath))
            {
                TryDelete(lockPath);
            }

            held.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void CloseLog()
    {
        log?.Dispose();
        log = null;
    }

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(lockFile is null, this);
}
