namespace ResumableUpload.CrashMatrix.Targets;

/// <summary>
/// <c>file://</c>: a local folder per run. Besides uploads the target lists, any staging folder or assembly temp file
/// left in the folder counts as debris: nothing else would ever remove it.
/// </summary>
internal sealed class LocalTargetUnderTest : TargetUnderTest
{
    public override double BytesPerSecond => 150e6;

    public override long ChoosePartSize(Random random) => 100L << 10;

    public override string Destination(RunPaths run) => "file://" + Path.Combine(run.LocalRoot, run.ObjectKey);

    public override async Task<byte[]?> ReadObjectAsync(RunPaths run)
    {
        var path = Path.Combine(run.LocalRoot, run.ObjectKey);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;
    }

    public override async Task<IReadOnlyList<string>> FindOrphansAsync(RunPaths run)
    {
        var found = new List<string>();
        var folder = Path.GetDirectoryName(Path.Combine(run.LocalRoot, run.ObjectKey))!;
        if (!Directory.Exists(folder))
        {
            return found;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var upload in new LocalFolderTarget(folder).ListUploadsAsync(string.Empty, string.Empty))
        {
            listed.Add(upload.UploadId);
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        // Staging the target cannot list (no readable manifest) is invisible to `rupload sweep` as well.
        var staging = Path.Combine(folder, ".rupload-uploads");
        if (Directory.Exists(staging))
        {
            found.AddRange(Directory.EnumerateFileSystemEntries(staging)
                .Where(e => !listed.Contains(Path.GetFileName(e)))
                .Select(e => "unlisted staging left behind: " + Path.GetFileName(e)));
        }

        found.AddRange(Directory.EnumerateFiles(folder, "*.rupload-tmp").Select(f => "temp file left behind: " + Path.GetFileName(f)));
        return found;
    }
}
