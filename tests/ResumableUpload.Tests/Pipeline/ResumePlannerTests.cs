using ResumableUpload.Cleanup;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>The resume planner is a pure function: table tests of stored checkpoint + listing + content → plan.</summary>
public class ResumePlannerTests
{
    private const long PartSize = 100;
    private const string Id = "upload-1";
    private static readonly ObjectLocation Location = new("bucket", "key");
    private static readonly SourceIdentity Source = new("/data/source.bin", 450, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "file-1");
    private static readonly PartLayout Layout = new(450, PartSize, 5);
    private static readonly CheckpointHeader Expected = new()
    {
        TargetIdentity = "memory:",
        Location = Location,
        UploadId = string.Empty,
        Source = Source,
        PartSize = PartSize,
        PartCount = 5,
        Algorithm = ChecksumAlgorithm.Crc64Nvme,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static readonly PartRecord[] Ledger = [Record(1), Record(2), Record(3), Record(5)];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["no checkpoint"] = new(StoredCheckpoint.None, PartListing.NotListed, null, Fresh()),
        ["unreadable"] = new(StoredCheckpoint.Corrupt("bad checksum"), PartListing.NotListed, null, Discard("bad checksum", UploadsToAbort.AllFor(Location))),
        ["only an intent"] = new(Stored(h => h with { UploadId = string.Empty }), PartListing.NotListed, null, Discard("starting the upload", UploadsToAbort.AllFor(Location))),
        ["source length changed"] = new(Stored(h => h with { Source = Source with { Length = 449 } }), PartListing.NotListed, null, Discard("length changed", UploadsToAbort.One(Location, Id))),
        ["source replaced"] = new(Stored(h => h with { Source = Source with { FileId = "file-2" } }), PartListing.NotListed, null, Discard("replaced", UploadsToAbort.One(Location, Id))),
        ["another source path"] = new(Stored(h => h with { Source = Source with { Path = "/data/other.bin" } }), PartListing.NotListed, null, Discard("path changed", UploadsToAbort.AllFor(Location))),
        ["another target"] = new(Stored(h => h with { TargetIdentity = "s3://elsewhere" }), PartListing.NotListed, null, Discard("checkpoint is for", UploadsToAbort.AllFor(Location))),
        ["another object"] = new(Stored(h => h with { Location = new ObjectLocation("bucket", "other") }), PartListing.NotListed, null, Discard("checkpoint is for", UploadsToAbort.AllFor(Location))),
        ["part size changed"] = new(Stored(h => h with { PartSize = 50, PartCount = 9 }), PartListing.NotListed, null, Discard("part size changed", UploadsToAbort.One(Location, Id))),
        ["checksum settings changed"] = new(Stored(h => h with { ContentMd5 = true }), PartListing.NotListed, null, Discard("checksum settings", UploadsToAbort.One(Location, Id))),
        ["ledger does not fit the layout"] = new(Stored(parts: [Record(1), Record(5) with { Length = 100 }]), PartListing.NotListed, null, Discard("does not fit the layout", UploadsToAbort.One(Location, Id))),
        ["ledger part number zero"] = new(Stored(parts: [Record(1) with { PartNumber = 0 }]), PartListing.NotListed, null, Discard("does not fit the layout", UploadsToAbort.One(Location, Id))),
        ["upload gone on the server"] = new(Stored(), PartListing.UploadNotFound("NoSuchUpload"), null, Discard("NoSuchUpload", UploadsToAbort.One(Location, Id))),
        ["target cannot list: ledger trusted"] = new(Stored(), PartListing.NotListed, null, Resume(1, 2, 3, 5)),
        ["server agrees on every part"] = new(Stored(), Listing(1, 2, 3, 5), null, Resume(1, 2, 3, 5)),
        ["server lacks a part, another has a new etag, one a new length"] = new(Stored(), PartListing.Of([Uploaded(1), Uploaded(2) with { ETag = "other" }, Uploaded(3) with { Length = 99 }, Uploaded(4), Uploaded(5)]), null, Resume(1, 5)),
        ["server lists nothing"] = new(Stored(), Listing(), null, Resume()),
        ["content unchanged"] = new(Stored(), Listing(1, 2, 3, 5), Crcs(1, 2, 3, 5), Resume(1, 2, 3, 5)),
        ["content checked only for agreed parts"] = new(Stored(), Listing(1, 2), Crcs(1, 2), Resume(1, 2)),
        ["content of a part changed"] = new(Stored(), Listing(1, 2, 3, 5), new Dictionary<int, ulong>(Crcs(1, 2, 3, 5)) { [3] = 42 }, Discard("content of part 3", UploadsToAbort.One(Location, Id))),
        ["content of a part not read"] = new(Stored(), Listing(1, 2, 3, 5), Crcs(1, 2, 5), Discard("content of part 3", UploadsToAbort.One(Location, Id))),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Plan_GivesTheExpectedPlan(string name)
    {
        var c = Cases[name];
        var plan = ResumePlanner.Plan(c.Stored, Expected, Layout, c.Listing, c.ContentNow);
        switch (c.Expect)
        {
            case UploadPlan.Fresh:
                Assert.IsType<UploadPlan.Fresh>(plan);
                break;
            case UploadPlan.DiscardThenFresh expected:
                var discard = Assert.IsType<UploadPlan.DiscardThenFresh>(plan);
                Assert.Contains(expected.Reason, discard.Reason, StringComparison.Ordinal);
                Assert.Equal(expected.Abort, discard.Abort);
                break;
            case UploadPlan.Resume expected:
                var resume = Assert.IsType<UploadPlan.Resume>(plan);
                Assert.Equal(expected.Checkpoint.Parts.Select(p => p.PartNumber), resume.Checkpoint.Parts.Select(p => p.PartNumber));
                Assert.Equal(Id, resume.Checkpoint.Header.UploadId);
                break;
            default:
                Assert.Fail($"unexpected case {c.Expect}");
                break;
        }
    }

    [Fact]
    public void Plan_IsPure_SameInputsGiveEqualPlans()
    {
        var stored = Stored();
        var listing = Listing(1, 2);
        var first = Assert.IsType<UploadPlan.Resume>(ResumePlanner.Plan(stored, Expected, Layout, listing));
        var second = Assert.IsType<UploadPlan.Resume>(ResumePlanner.Plan(stored, Expected, Layout, listing));
        Assert.Equal(first.Checkpoint.Parts, second.Checkpoint.Parts);
        Assert.Equal(4, stored.Checkpoint!.Parts.Count); // the stored ledger is not touched
    }

    private static UploadPlan Fresh() => new UploadPlan.Fresh();

    private static UploadPlan Discard(string reason, UploadsToAbort abort) => new UploadPlan.DiscardThenFresh(reason, abort);

    private static UploadPlan Resume(params int[] parts)
        => new UploadPlan.Resume(new UploadCheckpoint(Expected with { UploadId = Id }, [.. parts.Select(Record)]));

    private static StoredCheckpoint Stored(Func<CheckpointHeader, CheckpointHeader>? change = null, PartRecord[]? parts = null)
    {
        var header = Expected with { UploadId = Id, CreatedAt = DateTimeOffset.UnixEpoch.AddDays(-1) };
        return StoredCheckpoint.Of(new UploadCheckpoint(change is null ? header : change(header), parts ?? Ledger));
    }

    private static PartRecord Record(int number)
    {
        var spec = Layout.Part(number);
        return new PartRecord(number, spec.Offset, spec.Length, $"etag-{number}", (ulong)(1000 + number));
    }

    private static UploadedPart Uploaded(int number) => new(number, Layout.Part(number).Length, $"etag-{number}");

    private static PartListing Listing(params int[] parts) => PartListing.Of(parts.Select(Uploaded));

    private static Dictionary<int, ulong> Crcs(params int[] parts) => parts.ToDictionary(n => n, n => (ulong)(1000 + n));

    private sealed record Case(StoredCheckpoint Stored, PartListing Listing, IReadOnlyDictionary<int, ulong>? ContentNow, UploadPlan Expect);
}
