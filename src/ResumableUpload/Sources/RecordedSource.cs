namespace ResumableUpload.Sources;

/// <summary>A source known only by the id its checkpoint records (to abort an upload whose source is gone).</summary>
internal sealed class RecordedSource(string checkpointId) : UploadSource
{
    internal override string CheckpointId => checkpointId;
}
