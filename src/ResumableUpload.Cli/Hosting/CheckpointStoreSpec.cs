using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;

namespace ResumableUpload.Cli.Hosting;

/// <summary>
/// Turns <c>--checkpoint</c> into a store choice: <c>dir:&lt;path&gt;</c> (an existing directory), <c>sqlite:&lt;path&gt;</c>,
/// <c>redis:&lt;host:port&gt;[,options]</c> (StackExchange.Redis options, e.g. <c>password=…</c>), <c>none</c> (no
/// resume), or, by default, a directory under the user's state folder. The store itself is built by the library's
/// <c>Use…Checkpoints</c> registration.
/// </summary>
internal static class CheckpointStoreSpec
{
    public const string Forms = "dir:<path>, sqlite:<path>, redis:<host:port>[,options], none";

    /// <param name="spec">The <c>--checkpoint</c> value, or <see langword="null"/> for the default.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="leaseDuration">The <c>--lease</c> value for stores with expiring leases, or <see langword="null"/>.</param>
    public static CheckpointChoice Parse(string? spec, Func<string, string?> environment, TimeSpan? leaseDuration = null)
    {
        if (spec is null)
        {
            var directory = StateDirectory.DefaultCheckpointDirectory(environment);
            return new CheckpointChoice(b => b.UseFileCheckpoints(directory), "dir:" + directory);
        }

        if (spec == "none")
        {
            return CheckpointChoice.None;
        }

        if (spec.StartsWith("dir:", StringComparison.Ordinal) && spec.Length > 4)
        {
            var directory = Path.GetFullPath(spec[4..]);
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"The checkpoint directory '{directory}' does not exist; create it first (as with OSS's checkpoint directory) or leave --checkpoint out to use the default.");
            }

            return new CheckpointChoice(b => b.UseFileCheckpoints(directory), "dir:" + directory);
        }

        if (spec.StartsWith("sqlite:", StringComparison.Ordinal) && spec.Length > 7)
        {
            var path = Path.GetFullPath(spec[7..]);
            if (!Directory.Exists(Path.GetDirectoryName(path)))
            {
                throw new UsageException($"The folder of the SQLite checkpoint database '{path}' does not exist.");
            }

            // Set as a path, whatever it holds: a file name with '=' is not a connection string here.
            return new CheckpointChoice(
                b => b.UseSqliteCheckpoints(path, o =>
                {
                    o.ConnectionString = null;
                    o.Path = path;
                    o.LeaseDuration = leaseDuration ?? o.LeaseDuration;
                }),
                "sqlite:" + path);
        }

        if (spec.StartsWith("redis:", StringComparison.Ordinal) && spec.Length > 6)
        {
            var configuration = spec[6..];

            // Options may carry a password: show the endpoint only.
            return new CheckpointChoice(
                b => b.UseRedisCheckpoints(configuration, o => o.LeaseDuration = leaseDuration ?? o.LeaseDuration),
                "redis:" + configuration.Split(',')[0]);
        }

        throw new UsageException($"--checkpoint: '{spec}' is not a checkpoint store. Use one of: {Forms}.");
    }
}
