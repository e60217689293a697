using Xunit;
using Xunit.Abstractions;

namespace ResumableUpload.TestSupport;

/// <summary>
/// Starts the named test collections first, in the order given, then the rest in xunit's default order (by id). xunit
/// runs two collections at a time on this 2-core box (one per core), in its orderer's order; by default that is a hash
/// of each collection's id, so a collection of minutes may start last and hold its project alone at the end. Longest
/// first is the rule of the solution's project order too (docs/DECISIONS.md 36, 40). A project names its own in a
/// subclass and applies it with <c>[assembly: TestCollectionOrderer(...)]</c>.
/// </summary>
/// <param name="first">The collections to start first: a collection's display name ends with one of these (a class's
/// default collection is named after its full name, a defined collection by its name).</param>
public abstract class CollectionsFirstOrderer(params string[] first) : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
        => testCollections
            .OrderBy(c => Array.FindIndex(first, name => c.DisplayName.EndsWith(name, StringComparison.Ordinal)) is var i and >= 0 ? i : first.Length)
            .ThenBy(c => c.UniqueID);
}
