using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ResumableUpload.AzureBlob;
using ResumableUpload.Redis;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// Azurite with the Redis checkpoint store (in a database of its own; other tests' checkpoints are told apart by
/// container). Every write of a blob gets a new ETag: the server's record of whether a file was sent again.
/// </summary>
internal sealed class AzuriteBatchTarget : BatchTarget
{
    private const int RedisDatabase = 12;
    private readonly AzureBlobMultipartTarget azurite = ServerTargets.Azurite();
    private readonly BlobContainerClient container;

    private AzuriteBatchTarget(BlobContainerClient container) => this.container = container;

    public override string Destination => $"az://{container.Name}/{KeyPrefix}";

    public override string KeyPrefix => "batch/";

    public override string Checkpoint => "redis:" + RedisConfiguration;

    public override long PartSize => 128L << 10;

    public override IReadOnlyDictionary<string, string> CliEnvironment => ServerEnvironment.AzureCliEnvironment();

    private static string RedisConfiguration => $"{ServerEnvironment.Redis},defaultDatabase={RedisDatabase}";

    public static async Task<AzuriteBatchTarget> CreateAsync()
    {
        var name = await ServerTargets.NewContainerAsync();
        return new AzuriteBatchTarget(new BlobServiceClient(ServerEnvironment.AzureConnectionString).GetBlobContainerClient(name));
    }

    public override Task<IReadOnlyList<string>> DifferencesAsync(IReadOnlyDictionary<string, string> sources)
        => DifferencesByReadingAsync(sources, ReadAsync); // blobs carry no Content-MD5 (staged as blocks): read back

    private async Task<byte[]?> ReadAsync(string key)
    {
        try
        {
            return (await container.GetBlobClient(key).DownloadContentAsync()).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public override async Task<IReadOnlyDictionary<string, string>> WritesAsync()
    {
        var writes = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, KeyPrefix, CancellationToken.None))
        {
            writes[blob.Name] = blob.Properties.ETag?.ToString() ?? string.Empty;
        }

        return writes;
    }

    public override async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var found = new List<string>();
        await foreach (var upload in azurite.ListUploadsAsync(container.Name, string.Empty))
        {
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        await using var store = new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = RedisConfiguration });
        found.AddRange(await CheckpointsAsync(store, e => e.Checkpoint is null || e.Checkpoint.Header.Location.Bucket == container.Name));
        return found;
    }

    public override async ValueTask DisposeAsync()
    {
        await container.DeleteIfExistsAsync();
        await base.DisposeAsync();
    }
}
