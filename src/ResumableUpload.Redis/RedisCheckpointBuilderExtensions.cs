using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.Redis;
using ResumableUpload.Shared;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the Redis checkpoint store on the builder that <c>AddResumableUpload</c> returns.</summary>
/// <remarks>The last <c>UseRedisCheckpoints</c> call wins; the options are validated when the host starts.</remarks>
public static class RedisCheckpointBuilderExtensions
{
    /// <summary>Keeps checkpoints in Redis, connecting with a configuration string at the first upload.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Further options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseRedisCheckpoints(this IResumableUploadBuilder builder, string configuration, Action<RedisCheckpointStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.UseRedisCheckpoints(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Keeps checkpoints in Redis with the given options. When they name no connection, the store uses the
    /// <see cref="IConnectionMultiplexer"/> registered in the services.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseRedisCheckpoints(this IResumableUploadBuilder builder, Action<RedisCheckpointStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // Last call wins, as with the store itself: earlier calls' settings must not leak into this one.
        ValidationHelper.AddValidatedOptions(builder.Services, configure);
        builder.Services.RemoveAll<ICheckpointStore>();
        builder.Services.AddSingleton<ICheckpointStore>(CreateStore);
        return builder;
    }

    /// <summary>Keeps checkpoints in Redis through the <see cref="IConnectionMultiplexer"/> registered in the services, with default options.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseRedisCheckpoints(this IResumableUploadBuilder builder)
        => builder.UseRedisCheckpoints(static _ => { });

    private static RedisCheckpointStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RedisCheckpointStoreOptions>>().Value;
        var timeProvider = services.GetService<TimeProvider>();
        if (!string.IsNullOrWhiteSpace(options.Configuration) || options.ConfigurationOptions is not null || options.ConnectionMultiplexerFactory is not null)
        {
            return new RedisCheckpointStore(options, timeProvider);
        }

        var connection = services.GetService<IConnectionMultiplexer>()
            ?? throw new InvalidOperationException("UseRedisCheckpoints names no Redis connection and no IConnectionMultiplexer is registered: pass a configuration string, set Configuration, or register an IConnectionMultiplexer.");
        return new RedisCheckpointStore(connection, options, timeProvider);
    }
}
