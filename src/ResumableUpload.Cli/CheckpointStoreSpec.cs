using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli;

/// <summary>
/// Turns <c>--checkpoint</c> into a store: <c>dir:&lt;path&gt;</c> (an existing directory), <c>none</c> (no
/// resume), or, by default, a directory under the user's state folder.
/// </summary>
internal static class CheckpointStoreSpec
{
    public const string Forms = "dir:<path>, none";

    /// <returns>The store (or <see langword="null"/> for none) and what to dispose with it.</returns>
    public static (ICheckpointStore? Store, IAsyncDisposable? Owner, string Display) Create(string? spec, Func<string, string?> environment)
    {
        if (spec is null)
        {
            var directory = StateDirectory.DefaultCheckpointDirectory(environment);
            return (new FileCheckpointStore(directory), null, "dir:" + directory);
        }

        if (spec == "none")
        {
            return (null, null, "none");
        }

        if (spec.StartsWith("dir:", StringComparison.Ordinal) && spec.Length > 4)
        {
            var directory = Path.GetFullPath(spec[4..]);
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"The checkpoint directory '{directory}' does not exist; create it first (as with OSS's checkpoint directory) or leave --checkpoint out to use the default.");
            }

            return (new FileCheckpointStore(directory), null, "dir:" + directory);
        }

        throw new UsageException($"--checkpoint: '{spec}' is not a checkpoint store. Use one of: {Forms}.");
    }
}
