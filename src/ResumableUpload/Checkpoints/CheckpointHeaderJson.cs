using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResumableUpload.Checkpoints;

/// <summary>
/// The JSON schema of a checkpoint header's payload. Property order and names are the format: a reader of schema 1
/// (any older version) parses these bytes, so fields are only ever added, never renamed or reordered.
/// </summary>
internal sealed class CheckpointHeaderJson
{
    public required int Schema { get; init; }

    public required string Target { get; init; }

    public required string Bucket { get; init; }

    public required string Key { get; init; }

    public required string UploadId { get; init; }

    public required string SourcePath { get; init; }

    public required long SourceLength { get; init; }

    public required long SourceLastWriteTicks { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceFileId { get; init; }

    public required long PartSize { get; init; }

    public required int PartCount { get; init; }

    // Schema 2 only: omitted (so the header stays schema 1) when every part but the last has PartSize.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PartSizeDoublingInterval { get; init; }

    // A name, not a number, and the timestamp in "O" form: what schema 1 wrote by hand, kept byte for byte.
    public required string Algorithm { get; init; }

    public required bool ContentMd5 { get; init; }

    public required string CreatedAt { get; init; }

    public static CheckpointHeaderJson From(CheckpointHeader header) => new()
    {
        Schema = header.PartSizeDoublingInterval == 0 ? 1 : CheckpointCodec.SchemaVersion,
        Target = header.TargetIdentity,
        Bucket = header.Location.Bucket,
        Key = header.Location.Key,
        UploadId = header.UploadId,
        SourcePath = header.Source.Path,
        SourceLength = header.Source.Length,
        SourceLastWriteTicks = header.Source.LastWriteTimeUtc.Ticks,
        SourceFileId = header.Source.FileId,
        PartSize = header.PartSize,
        PartCount = header.PartCount,
        PartSizeDoublingInterval = header.PartSizeDoublingInterval,
        Algorithm = header.Algorithm.ToString(),
        ContentMd5 = header.ContentMd5,
        CreatedAt = header.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a header payload, naming what is wrong when it is not a header this library reads.</summary>
    /// <param name="payload">The UTF-8 JSON of a header record.</param>
    /// <returns>The header.</returns>
    /// <exception cref="CheckpointCorruptException">The payload is not a header of a schema this library reads.</exception>
    public static CheckpointHeader Parse(ReadOnlySpan<byte> payload)
    {
        CheckpointHeaderJson? json;
        try
        {
            json = JsonSerializer.Deserialize(payload, CheckpointHeaderJsonContext.Default.CheckpointHeaderJson);
        }
        catch (JsonException ex)
        {
            throw Invalid(ex.Message, ex);
        }

        return json is null ? throw Invalid("it is null") : json.ToHeader();
    }

    private CheckpointHeader ToHeader()
    {
        if (Schema is < 1 or > CheckpointCodec.SchemaVersion)
        {
            throw new CheckpointCorruptException($"The checkpoint has schema version {Schema}; this library reads versions 1 to {CheckpointCodec.SchemaVersion}.");
        }

        if (!Enum.TryParse<ChecksumAlgorithm>(Algorithm, out var algorithm) || !Enum.IsDefined(algorithm))
        {
            throw new CheckpointCorruptException($"The checkpoint names an unknown checksum algorithm '{Algorithm}'.");
        }

        if (!DateTimeOffset.TryParse(CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var createdAt))
        {
            throw Invalid($"createdAt '{CreatedAt}' is not a timestamp");
        }

        if (SourceLastWriteTicks < DateTime.MinValue.Ticks || SourceLastWriteTicks > DateTime.MaxValue.Ticks)
        {
            throw Invalid($"sourceLastWriteTicks {SourceLastWriteTicks} is out of range");
        }

        return new CheckpointHeader
        {
            TargetIdentity = Target,
            Location = new ObjectLocation(Bucket, Key),
            UploadId = UploadId,
            Source = new SourceIdentity(SourcePath, SourceLength, new DateTime(SourceLastWriteTicks, DateTimeKind.Utc), SourceFileId),
            PartSize = PartSize,
            PartCount = PartCount,
            PartSizeDoublingInterval = Schema >= 2 ? PartSizeDoublingInterval : 0,
            Algorithm = algorithm,
            ContentMd5 = ContentMd5,
            CreatedAt = createdAt,
        };
    }

    private static CheckpointCorruptException Invalid(string why, Exception? inner = null)
        => new($"The checkpoint header passed its checksum but is not a valid header: {why}", inner);
}

/// <summary>Source-generated (reflection-free, trimmable) serialization of <see cref="CheckpointHeaderJson"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CheckpointHeaderJson))]
internal sealed partial class CheckpointHeaderJsonContext : JsonSerializerContext;
