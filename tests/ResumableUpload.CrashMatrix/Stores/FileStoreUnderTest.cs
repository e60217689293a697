namespace ResumableUpload.CrashMatrix.Stores;

/// <summary><c>dir:</c>, a folder per run. After a finished run the folder must be empty: no checkpoint, temp header or lock file.</summary>
internal sealed class FileStoreUnderTest : StoreUnderTest
{
    public override bool HasExpiringLease => false;

    public override string Spec(RunPaths run)
    {
        Directory.CreateDirectory(run.CheckpointFolder);
        return "dir:" + run.CheckpointFolder;
    }

    protected override ICheckpointStore OpenForListing(RunPaths run) => new FileCheckpointStore(run.CheckpointFolder);

    protected override IEnumerable<string> ExtraLeftovers(RunPaths run)
        => Directory.EnumerateFiles(run.CheckpointFolder)
            .Where(f => !f.EndsWith(".ckpt", StringComparison.Ordinal)) // listed above
            .Select(f => "file left in the checkpoint folder: " + Path.GetFileName(f));
}
