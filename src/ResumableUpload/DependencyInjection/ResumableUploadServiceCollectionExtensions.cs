using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ResumableUploader"/> with Microsoft.Extensions.DependencyInjection.</summary>
public static class ResumableUploadServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ResumableUploader"/> and its validated <see cref="UploadOptions"/>
    /// (checked at host start). Choose the store and the target on the returned builder. Calling it again only adds
    /// configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder AddResumableUpload(this IServiceCollection services, Action<UploadOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<UploadOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadOptions>, ValidatedOptionsValidator<UploadOptions>>());
        services.TryAddSingleton(sp => new ResumableUploader(
            sp.GetService<IMultipartTarget>() ?? throw new InvalidOperationException("No target is registered: call UseLocalFolderTarget, UseS3Target or UseAzureBlobTarget on the builder AddResumableUpload returns, or register an IMultipartTarget."),
            sp.GetService<ICheckpointStore>(),
            sp.GetRequiredService<IOptions<UploadOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        return new ResumableUploadBuilder(services);
    }
}
