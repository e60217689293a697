using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Batch;

/// <summary>
/// The batch checkpoint: which files of a named batch are done, kept in the uploader's own checkpoint store (any
/// <see cref="ICheckpointStore"/>, custom ones included, with no new contract) as a checkpoint whose "parts" are
/// finished files. Each record holds a fingerprint of the file as it was uploaded (full path, bucket, key, length,
/// last-write time, file id) and the object's CRC; a file whose fingerprint is recorded is skipped, so a file changed
/// since is uploaded again. One record per finished file, written after the object is complete; a run killed between
/// the two sends that one file again, never a mixed object. The ledger's lease keeps two runs of one batch apart.
/// Deleted when the batch ends with every file done. See DECISIONS 23.
/// </summary>
internal sealed class BatchLedger : IAsyncDisposable
{
    /// <summary>The upload id that marks a checkpoint as a batch ledger (no target issues it: it has a space).</summary>
    public const string Marker = "batch ledger";

    private readonly ICheckpointLease lease;
    private readonly HashSet<string> done;
    private readonly SemaphoreSlim writer = new(1, 1);
    private int sequence;

    private BatchLedger(ICheckpointLease lease, HashSet<string> done, int sequence)
    {
        this.lease = lease;
        this.done = done;
        this.sequence = sequence;
    }

    /// <summary>Gets the number of files an earlier run recorded as done.</summary>
    public int RecordedFiles => done.Count;

    public static CheckpointKey KeyFor(string batchId, string targetIdentity, string bucket, string keyPrefix)
    {
        var text = string.Join('\0', "batch", batchId, targetIdentity, bucket, keyPrefix);
        return new CheckpointKey(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16));
    }

    /// <summary>Takes the batch's lease and loads what earlier runs finished (a damaged ledger is dropped: its files are sent again).</summary>
    public static async Task<BatchLedger> OpenAsync(ICheckpointStore store, string batchId, string targetIdentity, string bucket, string keyPrefix, ChecksumAlgorithm algorithm, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var key = KeyFor(batchId, targetIdentity, bucket, keyPrefix);
        var lease = await store.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            var header = new CheckpointHeader
            {
                TargetIdentity = targetIdentity,
                Location = new ObjectLocation(bucket, keyPrefix),
                UploadId = Marker,
                Source = new SourceIdentity("batch:" + batchId, 0, DateTime.UnixEpoch, null),
                PartSize = 1,
                PartCount = int.MaxValue,
                Algorithm = algorithm,
                CreatedAt = time.GetUtcNow(),
            };

            UploadCheckpoint? existing = null;
            try
            {
                existing = await lease.LoadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointCorruptException ex)
            {
                Log.CheckpointDiscarded(logger, key, header.Location, "the batch record is damaged (" + ex.Message + "); its files are checked again");
            }

            if (existing is not null && IsLedgerOf(existing.Header, header))
            {
                var done = new HashSet<string>(existing.Parts.Count, StringComparer.Ordinal);
                var last = 0;
                foreach (var record in existing.Parts)
                {
                    done.Add(record.ETag);
                    last = Math.Max(last, record.PartNumber);
                }

                return new BatchLedger(lease, done, last);
            }

            await lease.CreateAsync(header, cancellationToken).ConfigureAwait(false);
            return new BatchLedger(lease, [], 0);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static string Fingerprint(SourceIdentity source, ObjectLocation location)
    {
        var text = string.Join('\0', source.Path, location.Bucket, location.Key, source.Length, source.LastWriteTimeUtc.Ticks, source.FileId ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    public bool IsDone(string fingerprint) => done.Contains(fingerprint);

    /// <summary>Records a finished file (one writer at a time; the store's own commit is durable across a killed process).</summary>
    public async Task RecordAsync(string fingerprint, long length, ulong crc, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var number = ++sequence;
            await lease.CommitPartAsync(new PartRecord(number, length, 0, fingerprint, crc), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            writer.Release();
        }
    }

    /// <summary>The batch ended with every file done: its record goes, as a single upload's checkpoint does.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) => lease.DeleteAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await lease.DisposeAsync().ConfigureAwait(false);
        writer.Dispose();
    }

    private static bool IsLedgerOf(CheckpointHeader found, CheckpointHeader expected)
        => found.UploadId == Marker
            && string.Equals(found.TargetIdentity, expected.TargetIdentity, StringComparison.Ordinal)
            && found.Location == expected.Location
            && string.Equals(found.Source.Path, expected.Source.Path, StringComparison.Ordinal);
}
