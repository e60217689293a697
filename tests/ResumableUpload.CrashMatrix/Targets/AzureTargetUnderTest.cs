using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;

namespace ResumableUpload.CrashMatrix.Targets;

/// <summary><c>az://</c> on Azurite: one container per matrix, a blob prefix per run, parts of 1–4 MiB.</summary>
internal sealed class AzureTargetUnderTest : TargetUnderTest
{
    private readonly AzureBlobMultipartTarget azurite;
    private readonly BlobContainerClient container;
    private readonly ServerSettings servers;

    private AzureTargetUnderTest(AzureBlobMultipartTarget azurite, BlobContainerClient container, ServerSettings servers)
    {
        this.azurite = azurite;
        this.container = container;
        this.servers = servers;
    }

    public override IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>
    {
        ["AZURE_STORAGE_CONNECTION_STRING"] = servers.AzureConnectionString!,
    };

    public override double BytesPerSecond => 60e6;

    public static async Task<AzureTargetUnderTest> CreateAsync(ServerSettings servers)
    {
        var name = "crash-" + Guid.NewGuid().ToString("N")[..16];
        var container = new BlobServiceClient(servers.AzureConnectionString).GetBlobContainerClient(name);
        await container.CreateAsync();
        return new AzureTargetUnderTest(AzureBlobMultipartTarget.Create(servers.AzureConnectionString!), container, servers);
    }

    /// <summary>Any whole number of KiB from 1 MiB to 4 MiB (Azure has no minimum block size).</summary>
    public override long ChoosePartSize(Random random) => (long)random.Next(1024, (4 * 1024) + 1) << 10;

    public override string Destination(RunPaths run) => $"az://{container.Name}/{run.ObjectKey}";

    public override async Task<byte[]?> ReadObjectAsync(RunPaths run)
    {
        var blob = container.GetBlobClient(run.ObjectKey);
        if (!(await blob.ExistsAsync()).Value)
        {
            return null;
        }

        return (await blob.DownloadContentAsync()).Value.Content.ToArray();
    }

    public override Task DeleteObjectAsync(RunPaths run) => container.GetBlobClient(run.ObjectKey).DeleteIfExistsAsync();

    public override async Task<IReadOnlyList<string>> FindOrphansAsync(RunPaths run)
    {
        var found = new List<string>();
        await foreach (var upload in azurite.ListUploadsAsync(container.Name, run.KeyPrefix))
        {
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        return found;
    }
}
