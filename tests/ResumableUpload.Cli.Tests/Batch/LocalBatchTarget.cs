using System.Globalization;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>A local folder with the file checkpoint store (a folder of its own, which must end empty).</summary>
internal sealed class LocalBatchTarget(string root, string checkpoints) : BatchTarget
{
    public override string ChildTarget => "local:" + root;

    public override string ChildStore => "dir:" + checkpoints;

    public override long PartSize => 128L << 10;

    public override async Task<byte[]?> ReadAsync(string key)
    {
        var path = Path.Combine(root, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;
    }

    // Objects are written to a temp file and renamed into place, so a second write gives a new modification time
    // (nanoseconds on Linux file systems).
    public override Task<IReadOnlyDictionary<string, string>> WritesAsync(string prefix)
    {
        var folder = Path.Combine(root, prefix);
        IReadOnlyDictionary<string, string> writes = !Directory.Exists(folder)
            ? new Dictionary<string, string>()
            : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
                f => prefix + Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'),
                f => File.GetLastWriteTimeUtc(f).Ticks.ToString(CultureInfo.InvariantCulture),
                StringComparer.Ordinal);
        return Task.FromResult(writes);
    }

    public override async Task<IReadOnlyList<string>> LeftoversAsync(string prefix)
    {
        var found = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var upload in new LocalFolderTarget(root).ListUploadsAsync(string.Empty, prefix))
        {
            listed.Add(upload.UploadId);
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        // Staging the target cannot list (no readable manifest), and assembly temp files, would never be removed.
        var staging = Path.Combine(root, ".rupload-uploads");
        if (Directory.Exists(staging))
        {
            found.AddRange(Directory.EnumerateFileSystemEntries(staging).Where(e => !listed.Contains(Path.GetFileName(e))).Select(e => "unlisted staging left behind: " + e));
        }

        found.AddRange(Directory.EnumerateFiles(root, "*.rupload-tmp", SearchOption.AllDirectories).Select(f => "temp file left behind: " + f));
        found.AddRange(Directory.EnumerateFileSystemEntries(checkpoints).Select(f => "left in the checkpoint folder: " + Path.GetFileName(f)));
        return found;
    }
}
