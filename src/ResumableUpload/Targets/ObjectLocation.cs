namespace ResumableUpload;

/// <summary>Where an object goes: a bucket (container) and a key (blob name).</summary>
/// <param name="Bucket">The bucket or container. Targets with a single namespace (a local folder) accept an empty string.</param>
/// <param name="Key">The object key.</param>
public readonly record struct ObjectLocation(string Bucket, string Key)
{
    /// <inheritdoc />
    public override string ToString() => Bucket.Length == 0 ? Key : $"{Bucket}/{Key}";
}
