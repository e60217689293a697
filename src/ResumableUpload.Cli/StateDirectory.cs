namespace ResumableUpload.Cli;

/// <summary>
/// Where the CLI keeps its default checkpoints: <c>$RUPLOAD_STATE_DIR</c>, else <c>$XDG_STATE_HOME/rupload</c>, else
/// <c>~/.local/state/rupload</c> (the user's local application data folder on Windows). Created 0700.
/// </summary>
internal static class StateDirectory
{
    public static string Resolve(Func<string, string?> environment)
    {
        var explicitDir = environment("RUPLOAD_STATE_DIR");
        if (!string.IsNullOrEmpty(explicitDir))
        {
            return Path.GetFullPath(explicitDir);
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rupload");
        }

        var xdg = environment("XDG_STATE_HOME");
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "state") : xdg, "rupload");
    }

    public static string DefaultCheckpointDirectory(Func<string, string?> environment)
    {
        var state = Resolve(environment);
        var checkpoints = Path.Combine(state, "checkpoints");
        CreatePrivate(state);
        CreatePrivate(checkpoints);
        return checkpoints;
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // CreateDirectory leaves an existing folder's mode alone; the state folder is ours, keep it private.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
