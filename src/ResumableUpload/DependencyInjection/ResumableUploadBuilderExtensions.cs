using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the built-in checkpoint store and target.</summary>
public static class ResumableUploadBuilderExtensions
{
    /// <summary>Keeps checkpoints as files in <paramref name="directory"/>, which must exist when an upload starts.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The checkpoint directory.</param>
    /// <param name="configure">Further options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseFileCheckpoints(this IResumableUploadBuilder builder, string directory, Action<FileCheckpointStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ValidationHelper.AddValidatedOptions<FileCheckpointStoreOptions>(builder.Services, options =>
        {
            options.Directory = directory;
            configure?.Invoke(options);
        });
        builder.Services.RemoveAll<ICheckpointStore>();
        builder.Services.AddSingleton<ICheckpointStore>(sp => new FileCheckpointStore(sp.GetRequiredService<IOptions<FileCheckpointStoreOptions>>().Value));
        return builder;
    }

    /// <summary>Writes objects under the folder <paramref name="root"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="root">The root folder.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseLocalFolderTarget(this IResumableUploadBuilder builder, string root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        builder.Services.RemoveAll<IMultipartTarget>();
        builder.Services.AddSingleton<IMultipartTarget>(_ => new LocalFolderTarget(root));
        return builder;
    }
}
