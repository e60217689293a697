using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.Hosting;

/// <summary>
/// The services of one command, built through the library's own registration: <c>AddResumableUpload(...)</c>, then the
/// checkpoint store's and the target's <c>Use…</c> extensions. Disposing it disposes what they created (SDK clients,
/// the Redis connection).
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly Destination? destination;

    private CliHost(ServiceProvider services, Destination? destination)
    {
        this.services = services;
        this.destination = destination;
    }

    /// <param name="destination">The target to upload to, or <see langword="null"/> when the command needs only the store.</param>
    /// <param name="checkpoints">The checkpoint store (its <c>Use…</c> is <see langword="null"/> for <c>--checkpoint none</c>).</param>
    /// <param name="options">Sets the upload options, or <see langword="null"/> for the defaults.</param>
    /// <param name="loggers">The loggers, or <see langword="null"/> for none.</param>
    public static CliHost Create(Destination? destination, CheckpointChoice checkpoints, Action<UploadOptions>? options = null, ILoggerFactory? loggers = null)
    {
        var services = new ServiceCollection();
        if (loggers is not null)
        {
            services.AddSingleton(loggers);
        }

        var builder = services.AddResumableUpload(options);
        checkpoints.Use?.Invoke(builder);
        destination?.Use(builder);
        return new CliHost(services.BuildServiceProvider(), destination);
    }

    /// <summary>Gets the uploader (the options are validated here: a bad value is an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>).</summary>
    public ResumableUploader Uploader => Resolve(static s => s.GetRequiredService<ResumableUploader>());

    /// <summary>Gets the target the uploader talks to.</summary>
    public IMultipartTarget Target => Resolve(static s => s.GetRequiredService<IMultipartTarget>());

    /// <summary>Gets the checkpoint store, or <see langword="null"/> for <c>--checkpoint none</c>.</summary>
    public ICheckpointStore? Store => Resolve(static s => s.GetService<ICheckpointStore>());

    public ValueTask DisposeAsync() => services.DisposeAsync();

    private T Resolve<T>(Func<IServiceProvider, T> resolve)
    {
        try
        {
            return resolve(services);
        }
        catch (Exception ex) when (destination?.InvalidConfiguration is { } message && ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The target's settings came from the environment (a connection string): name the variable, never echo it.
            throw new UsageException(message);
        }
    }
}
