using StackExchange.Redis;

namespace ResumableUpload.Reliability.Tests.Corruption;

/// <summary>The Redis store's hash: field <c>h</c> (the header), then one field per part number.</summary>
public sealed class RedisRawCheckpointAccess(IDatabase database, string prefix) : IRawCheckpointAccess
{
    public bool IsSingleBlob => false;

    public async Task<List<byte[]>> ReadAsync(CheckpointKey key)
    {
        var fields = await database.HashGetAllAsync(Hash(key));
        var records = new List<byte[]> { (byte[])fields.Single(f => f.Name == "h").Value! };
        records.AddRange(fields.Where(f => f.Name != "h").OrderBy(f => int.Parse((string)f.Name!, System.Globalization.CultureInfo.InvariantCulture)).Select(f => (byte[])f.Value!));
        return records;
    }

    public async Task WriteAsync(CheckpointKey key, IReadOnlyList<byte[]> records)
    {
        await database.KeyDeleteAsync(Hash(key));
        var entries = records.Select((r, i) => new HashEntry(i == 0 ? "h" : RawRecords.PartNumberOr(r, i).ToString(System.Globalization.CultureInfo.InvariantCulture), r)).ToArray();
        if (entries.Length > 0)
        {
            await database.HashSetAsync(Hash(key), entries);
        }
    }

    private RedisKey Hash(CheckpointKey key) => prefix + "{" + key.Value + "}";
}
