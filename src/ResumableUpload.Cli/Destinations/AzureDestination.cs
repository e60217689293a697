using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.AzureBlob;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Destinations;

/// <summary><c>az://container/blob</c>: Azure Blob Storage (or Azurite), with <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
internal static class AzureDestination
{
    public static Destination Create(string container, string blob, DestinationSettings settings)
    {
        var connectionString = settings.Environment("AZURE_STORAGE_CONNECTION_STRING");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UsageException("az:// destinations need the AZURE_STORAGE_CONNECTION_STRING environment variable.");
        }

        return new Destination(b => b.UseAzureBlobTarget(connectionString, o => o.NetworkTimeout = settings.NetworkTimeout ?? o.NetworkTimeout), new ObjectLocation(container, blob), $"az://{container}/{blob}")
        {
            // Never echo the connection string: it holds the account key.
            InvalidConfiguration = "AZURE_STORAGE_CONNECTION_STRING is not a valid storage connection string.",
        };
    }
}
