using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumableUpload;
using ResumableUpload.Shared;
using ResumableUpload.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite checkpoint store on the builder that <c>AddResumableUpload</c> returns.</summary>
/// <remarks>The last <c>UseSqliteCheckpoints</c> call wins; the options are validated when the host starts.</remarks>
public static class SqliteCheckpointBuilderExtensions
{
    /// <summary>
    /// Keeps checkpoints in a SQLite database. The options are validated when the host starts; the database is created
    /// (0600) and migrated at the first upload.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionStringOrPath">A connection string (it contains <c>=</c>) or the path of the database file.</param>
    /// <param name="configure">Further options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IResumableUploadBuilder UseSqliteCheckpoints(this IResumableUploadBuilder builder, string connectionStringOrPath, Action<SqliteCheckpointStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrPath);

        // Last call wins, as with the store itself: earlier calls' settings must not leak into this one.
        ValidationHelper.AddValidatedOptions<SqliteCheckpointStoreOptions>(builder.Services, options =>
        {
            SqliteDatabaseFile.OptionsFor(connectionStringOrPath, options);
            configure?.Invoke(options);
        });
        builder.Services.RemoveAll<ICheckpointStore>();
        builder.Services.AddSingleton<ICheckpointStore>(sp => new SqliteCheckpointStore(
            sp.GetRequiredService<IOptions<SqliteCheckpointStoreOptions>>().Value,
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
