using Azure.Storage.Blobs;

namespace ResumableUpload.E2E;

/// <summary>Azurite from RUPLOAD_AZURE_CONNECTION_STRING (scripts/servers/azurite.sh): container, clean-up between runs.</summary>
internal static class AzureAdmin
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("RUPLOAD_AZURE_CONNECTION_STRING") is { Length: > 0 } c ? c.Trim('\'') : null;

    public static async Task EnsureContainerAsync(string container)
        => await new BlobServiceClient(ConnectionString).GetBlobContainerClient(container).CreateIfNotExistsAsync();

    public static async Task<string?> CheckAndDeleteAsync(string container, string blob, long expectedLength)
    {
        var client = new BlobServiceClient(ConnectionString).GetBlobContainerClient(container).GetBlobClient(blob);
        string? problem = null;
        try
        {
            var properties = await client.GetPropertiesAsync();
            if (properties.Value.ContentLength != expectedLength)
            {
                problem = $"az://{container}/{blob} has {properties.Value.ContentLength} bytes, not {expectedLength}";
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            problem = $"az://{container}/{blob}: {ex.ErrorCode}";
        }

        await client.DeleteIfExistsAsync();
        return problem;
    }
}
