namespace ResumableUpload.CrashMatrix;

/// <summary>Where one run keeps its things: a folder of its own and an object key prefix of its own.</summary>
internal sealed record RunPaths(string Folder, string KeyPrefix)
{
    public string Source => Path.Combine(Folder, "source.bin");

    public string ObjectKey => KeyPrefix + "object.bin";

    public string LocalRoot => Path.Combine(Folder, "out");

    public string CheckpointFolder => Path.Combine(Folder, "checkpoints");
}
