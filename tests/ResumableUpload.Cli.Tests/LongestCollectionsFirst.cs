using ResumableUpload.TestSupport;

[assembly: TestCollectionOrderer("ResumableUpload.Cli.Tests.LongestCollectionsFirst", "ResumableUpload.Cli.Tests")]

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Starts the two serialized process-test chains (4-5 minutes each) first: in the 2026-12-02 17:16 suite run xunit's
/// default order started them 0:51 and 2:52 into the project's run, and the later one ended it 69 s after the other
/// thread's last test.
/// </summary>
public sealed class LongestCollectionsFirst() : CollectionsFirstOrderer(ProcessTestGroup.Name, ServerProcessTestGroup.Name);
