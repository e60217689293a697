using Microsoft.Data.Sqlite;

namespace ResumableUpload.Sqlite;

/// <summary>Resolves the connection string of the options and creates a missing database file owner-only (0600).</summary>
internal static class SqliteDatabaseFile
{
    /// <summary>A connection string always has a <c>key=value</c> pair; a path with '=' must be given as <c>Data Source=…</c>.</summary>
    public static SqliteCheckpointStoreOptions OptionsFor(string connectionStringOrPath, SqliteCheckpointStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrPath);
        options ??= new SqliteCheckpointStoreOptions();
        if (connectionStringOrPath.Contains('=', StringComparison.Ordinal))
        {
            options.ConnectionString = connectionStringOrPath;
            options.Path = null;
        }
        else
        {
            options.Path = connectionStringOrPath;
            options.ConnectionString = null;
        }

        return options;
    }

    public static string ResolveConnectionString(SqliteCheckpointStoreOptions options)
    {
        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = System.IO.Path.GetFullPath(options.Path!) }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException("The checkpoint database cannot be opened read-only: the store writes.", nameof(options));
        }

        // Each lease has its own connection: a private in-memory database would be a different, empty one per connection.
        if (builder.DataSource is "" or ":memory:" || (builder.Mode == SqliteOpenMode.Memory && builder.Cache != SqliteCacheMode.Shared))
        {
            throw new ArgumentException("The checkpoint database must be a file (or a shared-cache in-memory database, Mode=Memory;Cache=Shared): the store opens a connection per lease.", nameof(options));
        }

        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        return builder.ToString();
    }

    /// <summary>
    /// Creates the database file (empty is a valid SQLite database) with mode 0600 before SQLite would create it with
    /// the process umask; SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    public static void CreatePrivateIfMissing(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var path = System.IO.Path.GetFullPath(source);
        if (File.Exists(path))
        {
            return;
        }

        var directory = System.IO.Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The directory of the checkpoint database '{path}' does not exist; create it first or choose another path.");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it between our check and our create: it is theirs to have made private.
        }
    }
}
