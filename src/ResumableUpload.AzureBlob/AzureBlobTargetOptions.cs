using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs;
using ResumableUpload.Shared;

namespace ResumableUpload.AzureBlob;

/// <summary>Options of the <see cref="AzureBlobMultipartTarget"/>.</summary>
public sealed class AzureBlobTargetOptions : IValidatedOptions
{
    /// <summary>The most blobs the service returns in one listing page.</summary>
    public const int MaxListPageSize = 5000;

    /// <summary>Gets or sets the container used when a request's bucket is empty.</summary>
    /// <value>The default is <see langword="null"/>: every request names its container.</value>
    public string? DefaultContainer { get; set; }

    /// <summary>Gets or sets the page size of the blob listing behind <see cref="IMultipartTarget.ListUploadsAsync"/>.</summary>
    /// <value>The default is 5000, the most the service returns; the range is 1 to 5000.</value>
    [Range(1, MaxListPageSize)]
    public int ListPageSize { get; set; } = MaxListPageSize;

    /// <summary>
    /// Gets or sets the service version of the client that <see cref="AzureBlobMultipartTarget.Create"/> builds from a
    /// connection string. Pin it for emulators that reject newer versions (Azurite without <c>--skipApiVersionCheck</c>).
    /// </summary>
    /// <value>The default is <see langword="null"/>: the SDK's latest.</value>
    public BlobClientOptions.ServiceVersion? ServiceVersion { get; set; }

    /// <summary>
    /// Gets or sets how long one try of one request may take, the whole body of a block included, before it fails and
    /// is retried (Azure.Core's <c>Retry.NetworkTimeout</c>) on the client that <see cref="AzureBlobMultipartTarget.Create"/>
    /// builds from a connection string. Raise it when large blocks cross a slow link.
    /// </summary>
    /// <value>The default is 100 seconds, Azure.Core's; the range is 10 ms to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets a last change to the client options that <see cref="AzureBlobMultipartTarget.Create"/> builds (tests put a fault-injecting transport under it).</summary>
    internal Action<BlobClientOptions>? ConfigureClient { get; set; }

    /// <summary>Checks every option and throws one exception that lists every problem.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    internal void Validate() => ValidationHelper.ThrowIfInvalid(this);

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid Azure Blob target options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (DefaultContainer is { Length: 0 })
        {
            problems.Add("DefaultContainer: must be null or a container name.");
        }
    }
}
