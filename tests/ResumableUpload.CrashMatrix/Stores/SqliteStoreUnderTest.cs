using ResumableUpload.Sqlite;

namespace ResumableUpload.CrashMatrix.Stores;

/// <summary><c>sqlite:</c>, one database for every run of the combination, so it fills and empties as a real one does.</summary>
internal sealed class SqliteStoreUnderTest(string database) : StoreUnderTest
{
    public override bool HasExpiringLease => true;

    public override string Spec(RunPaths run) => "sqlite:" + database;

    protected override ICheckpointStore OpenForListing(RunPaths run) => new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = database });
}
