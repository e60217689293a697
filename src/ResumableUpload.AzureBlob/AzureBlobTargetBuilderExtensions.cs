using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.AzureBlob;
using ResumableUpload.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses Azure Blob Storage as the target of <see cref="ResumableUploader"/>.</summary>
public static class AzureBlobTargetBuilderExtensions
{
    /// <summary>Uploads block blobs to the account of a storage connection string.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string (account key or SAS).</param>
    /// <param name="configure">Sets further options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseAzureBlobTarget(this IResumableUploadBuilder builder, string connectionString, Action<AzureBlobTargetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ValidationHelper.AddValidatedOptions<AzureBlobTargetOptions>(builder.Services, options => configure?.Invoke(options));
        builder.Services.RemoveAll<IMultipartTarget>();
        builder.Services.AddSingleton<IMultipartTarget>(sp => AzureBlobMultipartTarget.Create(connectionString, sp.GetRequiredService<IOptions<AzureBlobTargetOptions>>().Value));
        return builder;
    }

    /// <summary>Uploads block blobs to one container of the account of a storage connection string; requests may leave the bucket empty.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string (account key or SAS).</param>
    /// <param name="container">The container used when a request's bucket is empty.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseAzureBlobTarget(this IResumableUploadBuilder builder, string connectionString, string container)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        return builder.UseAzureBlobTarget(connectionString, o => o.DefaultContainer = container);
    }

    /// <summary>
    /// Uploads block blobs through the <see cref="BlobServiceClient"/> registered in the services (for example by
    /// <c>AddAzureClients(b => b.AddBlobServiceClient(...))</c>), so the application's Azure credentials apply.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets further options, or <see langword="null"/>; <see cref="AzureBlobTargetOptions.ServiceVersion"/> does not apply.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseAzureBlobTarget(this IResumableUploadBuilder builder, Action<AzureBlobTargetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ValidationHelper.AddValidatedOptions<AzureBlobTargetOptions>(builder.Services, options => configure?.Invoke(options));
        builder.Services.RemoveAll<IMultipartTarget>();
        builder.Services.AddSingleton<IMultipartTarget>(sp =>
        {
            var service = sp.GetService<BlobServiceClient>() ?? throw new InvalidOperationException("UseAzureBlobTarget() needs a BlobServiceClient in the services; or call UseAzureBlobTarget(connectionString).");
            return new AzureBlobMultipartTarget(service, sp.GetRequiredService<IOptions<AzureBlobTargetOptions>>().Value);
        });
        return builder;
    }
}
