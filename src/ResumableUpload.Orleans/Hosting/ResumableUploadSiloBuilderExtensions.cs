using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ResumableUpload;
using ResumableUpload.Orleans;
using ResumableUpload.Orleans.Worker;

namespace Orleans.Hosting;

/// <summary>Makes a silo a distributed upload worker.</summary>
public static class ResumableUploadSiloBuilderExtensions
{
    /// <summary>
    /// Runs an upload worker on this silo and hosts the job grains: configured like <c>AddResumableUpload</c> (choose
    /// the target on the returned builder: <c>UseS3Target</c>, <c>UseAzureBlobTarget</c>, …). The silo must also
    /// register grain storage named <see cref="UploadJobConstants.StorageName"/> and a reminder service (Redis, say).
    /// A checkpoint store chosen on the builder is not used by the worker: the job grain keeps the part records.
    /// Calling it again only adds configuration.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the upload options (part size, threads, checksum, limits) every silo should share.</param>
    /// <param name="configureWorker">Configures how this silo pulls work.</param>
    /// <returns>The builder to choose the target on.</returns>
    public static IResumableUploadBuilder AddResumableUploadWorker(this ISiloBuilder builder, Action<UploadOptions>? configure = null, Action<UploadWorkerOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var upload = builder.Services.AddResumableUpload(configure);
        var worker = builder.Services.AddOptions<UploadWorkerOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configureWorker is not null)
        {
            worker.Configure(configureWorker);
        }

        builder.Services.TryAddSingleton<UploadWorkerRuntime>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UploadWorker>());
        return upload;
    }
}
