using Xunit.Abstractions;

[assembly: TestCollectionOrderer("ResumableUpload.Cli.Tests.LongestCollectionsFirst", "ResumableUpload.Cli.Tests")]

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Starts the two serialized process-test collections (4-5 minutes each) first, the longest-first rule of the
/// solution's project order (docs/DECISIONS.md 36, 40). xunit runs two collections at a time here (one per core), in
/// its orderer's order, by default a hash of each collection's id: in the 2026-12-02 17:16 suite run the chains started
/// 0:51 and 2:52 into the project's run, and the later one ended it 69 s after the other thread's last test.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [ProcessTestGroup.Name, ServerProcessTestGroup.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
        => testCollections
            .OrderBy(c => Array.IndexOf(First, c.DisplayName) is var i and >= 0 ? i : First.Length)
            .ThenBy(c => c.UniqueID);
}
