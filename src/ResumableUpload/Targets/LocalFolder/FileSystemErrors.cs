namespace ResumableUpload.Targets.LocalFolder;

/// <summary>Maps the file system's exceptions to <see cref="TargetException"/>, and removes files best effort.</summary>
internal static class FileSystemErrors
{
    /// <summary>Runs <paramref name="action"/>, mapping an I/O or access error to a <see cref="TargetException"/>.</summary>
    public static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (IOException ex)
        {
            throw Map(ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TargetException(TargetErrorKind.AccessDenied, "AccessDenied", ex.Message, innerException: ex);
        }
    }

    public static TargetException Map(IOException ex)
    {
        // ENOSPC (28) / ERROR_DISK_FULL (112) / ERROR_HANDLE_DISK_FULL (39)
        var code = ex.HResult & 0xFFFF;
        return code is 28 or 112 or 39
            ? new TargetException(TargetErrorKind.Permanent, "DiskFull", $"The target folder's file system is full: {ex.Message}", innerException: ex)
            : new TargetException(TargetErrorKind.Permanent, "IOError", ex.Message, innerException: ex);
    }

    public static void TryDelete(string path) => BestEffort(() => File.Delete(path));

    public static void TryDeleteFolder(string path) => BestEffort(() => Directory.Delete(path, recursive: true));

    private static void BestEffort(Action action)
    {
        try
        {
            action();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
