namespace ResumableUpload.Orleans;

/// <summary>Names a silo's configuration must use for distributed uploads.</summary>
public static class UploadJobConstants
{
    /// <summary>
    /// The grain storage provider the job grains persist their plan, leases and part records in: register it, on
    /// Redis say, with <c>siloBuilder.AddRedisGrainStorage(UploadJobConstants.StorageName, …)</c>.
    /// </summary>
    public const string StorageName = "ResumableUpload";
}
