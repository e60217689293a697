namespace ResumableUpload.Reliability.Tests.Corruption;

public sealed class FileRawCheckpointAccess(string directory) : IRawCheckpointAccess
{
    public bool IsSingleBlob => true;

    public Task<List<byte[]>> ReadAsync(CheckpointKey key)
        => Task.FromResult(new List<byte[]> { File.ReadAllBytes(Path(key)) });

    public Task WriteAsync(CheckpointKey key, IReadOnlyList<byte[]> records)
    {
        File.WriteAllBytes(Path(key), records.SelectMany(r => r).ToArray());
        return Task.CompletedTask;
    }

    private string Path(CheckpointKey key) => System.IO.Path.Combine(directory, key.Value + ".ckpt");
}
