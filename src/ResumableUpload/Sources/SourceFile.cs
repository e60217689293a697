using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Sources;

/// <summary>Opens and identifies the source file, turning the ways a path can be wrong into clear errors.</summary>
internal static class SourceFile
{
    public static SafeFileHandle Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"The source '{path}' is a directory; give the path of a file.", nameof(path));
        }

        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"The source file '{path}' does not exist.", path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"The source file '{path}' cannot be read: permission denied.", ex);
        }
    }

    public static SourceIdentity Identify(string path, SafeFileHandle handle)
    {
        var info = new FileInfo(path);
        info.Refresh();
        if (!info.Exists)
        {
            throw new SourceChangedException($"The source file '{path}' was deleted during the upload.");
        }

        return new SourceIdentity(path, RandomAccess.GetLength(handle), info.LastWriteTimeUtc, FileIdentity.Of(handle));
    }

    /// <summary>Identifies whatever is at <paramref name="path"/> now (which may be another file than the open handle).</summary>
    public static SourceIdentity? IdentifyPath(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new SourceIdentity(path, info.Length, info.LastWriteTimeUtc, FileIdentity.Of(path)) : null;
    }
}
