using System.ComponentModel.DataAnnotations;
using ResumableUpload.Shared;

namespace ResumableUpload.Sqlite;

/// <summary>
/// Options of the <see cref="SqliteCheckpointStore"/>. Set exactly one of <see cref="ConnectionString"/> and
/// <see cref="Path"/>.
/// </summary>
public sealed class SqliteCheckpointStoreOptions : IValidatedOptions
{
    /// <summary>
    /// Gets or sets a Microsoft.Data.Sqlite connection string, for example <c>Data Source=/var/lib/app/checkpoints.db</c>.
    /// The store opens a connection per lease, so the database must be a file or a shared-cache in-memory database.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the path of the database file. Its directory must exist; the file is created (0600 on Unix) when
    /// it does not.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Path { get; set; }

    /// <summary>
    /// Gets or sets how long a lease lives without renewal. The holder renews it every third of this time, so a
    /// crashed holder's checkpoint can be taken over after at most this long.
    /// </summary>
    /// <value>The default is 30 seconds; the range is 1 second to 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a statement waits for another connection's write lock before it fails.</summary>
    /// <value>The default is 5 seconds; the range is 1 second to 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets a value indicating whether every commit is flushed to the disk (<c>synchronous=FULL</c>). Without
    /// it (<c>synchronous=NORMAL</c> in WAL mode) a commit survives a killed process but may be lost with power; a
    /// lost record only means that part is sent again, so the default favours speed, as the file store does.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool FlushCommitsToDisk { get; set; }

    /// <summary>Checks every option and throws one exception that lists every problem.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    internal void Validate() => ValidationHelper.ThrowIfInvalid(this);

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid SQLite checkpoint store options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) == string.IsNullOrWhiteSpace(Path))
        {
            problems.Add("ConnectionString, Path: set exactly one of them.");
        }
    }
}
