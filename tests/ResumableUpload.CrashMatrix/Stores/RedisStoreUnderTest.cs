using ResumableUpload.Redis;

namespace ResumableUpload.CrashMatrix.Stores;

/// <summary>
/// <c>redis:</c>, in a database of its own (the CLI passes StackExchange.Redis options through), so checkpoints
/// other test suites write to the same server never look like ours.
/// </summary>
internal sealed class RedisStoreUnderTest(string endpoint) : StoreUnderTest
{
    private const int Database = 11;

    public override bool HasExpiringLease => true;

    private string Configuration => $"{endpoint},defaultDatabase={Database}";

    public override string Spec(RunPaths run) => "redis:" + Configuration;

    protected override ICheckpointStore OpenForListing(RunPaths run) => new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = Configuration });
}
