using Microsoft.Extensions.DependencyInjection;

namespace ResumableUpload;

/// <summary>Configures the uploader registered by <c>AddResumableUpload</c>: choose a checkpoint store and a target.</summary>
public interface IResumableUploadBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}

internal sealed class ResumableUploadBuilder(IServiceCollection services) : IResumableUploadBuilder
{
    public IServiceCollection Services { get; } = services;
}
