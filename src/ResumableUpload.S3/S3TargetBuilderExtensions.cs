using Amazon.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.S3;
using ResumableUpload.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses Amazon S3 or an S3-compatible server as the target of <see cref="ResumableUploader"/>.</summary>
public static class S3TargetBuilderExtensions
{
    /// <summary>
    /// Uploads to S3 through the <see cref="IAmazonS3"/> registered in the services (for example by
    /// <c>AddAWSService&lt;IAmazonS3&gt;()</c>), so the application's AWS configuration applies.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">
    /// Sets the target settings (<see cref="S3TargetOptions.ChecksumCompatibility"/>, <see cref="S3TargetOptions.ListPageSize"/>),
    /// or <see langword="null"/>; the client settings must stay unset.
    /// </param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseS3Target(this IResumableUploadBuilder builder, Action<S3TargetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ValidationHelper.AddValidatedOptions<S3TargetOptions>(builder.Services, options => configure?.Invoke(options));
        builder.Services.RemoveAll<IMultipartTarget>();
        builder.Services.AddSingleton<IMultipartTarget>(sp =>
        {
            var client = sp.GetService<IAmazonS3>() ?? throw new InvalidOperationException("UseS3Target() needs an IAmazonS3 in the services (for example AddAWSService<IAmazonS3>()); or call UseS3Target(S3TargetOptions) to let the target build its client.");
            return new S3MultipartTarget(client, sp.GetRequiredService<IOptions<S3TargetOptions>>().Value);
        });
        return builder;
    }

    /// <summary>Uploads to S3 through a client that the target builds from <paramref name="options"/> and owns.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The endpoint, region, addressing style, credentials and target settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static IResumableUploadBuilder UseS3Target(this IResumableUploadBuilder builder, S3TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        // The options arrive whole, so they are checked here, before the host starts, rather than by ValidateOnStart.
        options.Validate();
        builder.Services.RemoveAll<IMultipartTarget>();
        builder.Services.AddSingleton<IMultipartTarget>(_ => S3MultipartTarget.Create(options));
        return builder;
    }
}
