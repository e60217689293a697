using System.ComponentModel.DataAnnotations;
using ResumableUpload.Shared;
using StackExchange.Redis;

namespace ResumableUpload.Redis;

/// <summary>
/// Options of the <see cref="RedisCheckpointStore"/>. Name the connection with at most one of
/// <see cref="Configuration"/>, <see cref="ConfigurationOptions"/> and <see cref="ConnectionMultiplexerFactory"/>;
/// with none, the store registered by <c>UseRedisCheckpoints</c> uses the <see cref="IConnectionMultiplexer"/>
/// registered in the services.
/// </summary>
public sealed class RedisCheckpointStoreOptions : IValidatedOptions
{
    /// <summary>Gets or sets a StackExchange.Redis configuration string, for example <c>localhost:6379,password=…</c>.</summary>
    /// <value>The default is <see langword="null"/>. The store connects at first use and disposes the connection with itself.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the StackExchange.Redis configuration, when a string is not enough.</summary>
    /// <value>The default is <see langword="null"/>. The store connects at first use and disposes the connection with itself.</value>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>Gets or sets a function that supplies a connection the caller owns (the store never disposes it).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<Task<IConnectionMultiplexer>>? ConnectionMultiplexerFactory { get; set; }

    /// <summary>
    /// Gets or sets the prefix of every key the store writes. A checkpoint of key <c>K</c> is the hash
    /// <c>{prefix}{K}</c> (the braces make it and its lease share a cluster slot) and its lease is <c>{prefix}{K}:lease</c>;
    /// only the hexadecimal <see cref="CheckpointKey"/> follows the prefix, never an object key.
    /// </summary>
    /// <value>The default is <c>rupload:</c>.</value>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string KeyPrefix { get; set; } = "rupload:";

    /// <summary>
    /// Gets or sets how long a checkpoint lives after its last write, so abandoned checkpoints expire by themselves.
    /// Every write (create, commit) sets it again. <see langword="null"/> keeps checkpoints until they are deleted.
    /// Make it longer than the slowest part upload.
    /// </summary>
    /// <value>The default is 7 days; when set, the range is 1 second to 365 days.</value>
    public TimeSpan? TimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long a lease lives without renewal. The holder renews it every third of this time, so a
    /// crashed holder's checkpoint can be taken over after at most this long.
    /// </summary>
    /// <value>The default is 30 seconds; the range is 1 second to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the database number, or -1 for the connection's default database.</summary>
    /// <value>The default is -1.</value>
    [Range(-1, int.MaxValue)]
    public int Database { get; set; } = -1;

    /// <summary>Checks every option and throws one exception that lists every problem.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    internal void Validate() => ValidationHelper.ThrowIfInvalid(this);

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid Redis checkpoint store options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (TimeToLive is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl > TimeSpan.FromDays(365)))
        {
            problems.Add("TimeToLive: must be between 1 second and 365 days, or null for no expiry.");
        }

        var connections = (string.IsNullOrWhiteSpace(Configuration) ? 0 : 1) + (ConfigurationOptions is null ? 0 : 1) + (ConnectionMultiplexerFactory is null ? 0 : 1);
        if (connections > 1)
        {
            problems.Add("Configuration, ConfigurationOptions, ConnectionMultiplexerFactory: set at most one of them.");
        }
    }
}
