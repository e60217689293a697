using ResumableUpload.Cleanup;
using ResumableUpload.Pipeline;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// The planner's stream side, pure: a stored stream checkpoint + listing → plan (<see cref="ResumePlanner.PlanStream"/>),
/// then, part by part, the replay (<see cref="ResumePlanner.ReplayStart"/>, <see cref="ResumePlanner.Replay"/>).
/// </summary>
public class StreamReplayPlannerTests
{
    private const string Id = "upload-1";
    private static readonly ObjectLocation Location = new("bucket", "dump.tar");
    private static readonly PartSchedule Schedule = new(100, 3, 400, 50);
    private static readonly CheckpointHeader Expected = new()
    {
        TargetIdentity = "memory:",
        Location = Location,
        UploadId = string.Empty,
        Source = new SourceIdentity("stream:nightly", -1, default, null),
        PartSize = 100,
        PartCount = 50,
        PartSizeDoublingInterval = 3,
        Algorithm = ChecksumAlgorithm.Crc64Nvme,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static readonly Dictionary<string, (StoredCheckpoint Stored, PartListing Listing, string Expect)> Plans = new()
    {
        ["no checkpoint"] = (StoredCheckpoint.None, PartListing.NotListed, "fresh"),
        ["the same stream's checkpoint"] = (Stored(), PartListing.NotListed, "resume 1 2 3 4 5"),
        ["server confirms some parts"] = (Stored(), PartListing.Of([Uploaded(1), Uploaded(2), Uploaded(4)]), "resume 1 2 4"),
        ["another stream name"] = (Stored(h => h with { Source = h.Source with { Path = "stream:other" } }), PartListing.NotListed, "discard: path changed | all"),
        ["schedule changed"] = (Stored(h => h with { PartSizeDoublingInterval = 4 }), PartListing.NotListed, "discard: schedule changed | one"),
        ["initial part size changed"] = (Stored(h => h with { PartSize = 200 }), PartListing.NotListed, "discard: part size changed | one"),
        ["ledger off the schedule"] = (Stored(parts: [Record(1), Record(4) with { Offset = 301 }]), PartListing.NotListed, "discard: does not fit the part schedule | one"),
        ["ledger part longer than its size"] = (Stored(parts: [Record(2) with { Length = 101 }]), PartListing.NotListed, "discard: does not fit the part schedule | one"),
        ["upload gone"] = (Stored(), PartListing.UploadNotFound("NoSuchUpload"), "discard: NoSuchUpload | one"),
    };

    public static TheoryData<string> PlanNames => [.. Plans.Keys];

    [Theory]
    [MemberData(nameof(PlanNames))]
    public void PlanStream_GivesTheExpectedPlan(string name)
    {
        var (stored, listing, expect) = Plans[name];

        var plan = ResumePlanner.PlanStream(stored, Expected, Schedule, listing);

        Assert.Equal(expect, plan switch
        {
            UploadPlan.Fresh => "fresh",
            UploadPlan.Resume r => "resume " + string.Join(' ', r.Checkpoint.Parts.Select(p => p.PartNumber)),
            UploadPlan.DiscardThenFresh d => $"discard: {Pick(expect, d.Reason)} | {(d.Abort == UploadsToAbort.AllFor(Location) ? "all" : d.Abort == UploadsToAbort.One(Location, Id) ? "one" : "?")}",
            _ => "?",
        });
    }

    [Theory]
    [InlineData("part 1 recorded, same bytes", 1, 100, 1001UL, null)]
    [InlineData("part 1 recorded, other bytes", 1, 100, 7UL, "not a replay")]
    [InlineData("part 1 recorded, now shorter", 1, 60, 1001UL, "not a replay")]
    [InlineData("part 1 not recorded", 2, 100, 7UL, null)]
    [InlineData("empty stream now", 0, 0, 0UL, "empty")]
    public void ReplayStart_DecidesReplayOrSupersede(string name, int recordedFirst, long firstLength, ulong crc, string? supersede)
    {
        var checkpoint = new UploadCheckpoint(Expected with { UploadId = Id }, [Record(recordedFirst == 0 ? 1 : recordedFirst)]);
        PartSpec? first = recordedFirst == 0 ? null : new PartSpec(1, 0, firstLength);

        var reason = ResumePlanner.ReplayStart(checkpoint, first, crc);

        Assert.True(supersede is null ? reason is null : reason?.Contains(supersede, StringComparison.Ordinal) == true, $"{name}: {reason}");
    }

    [Theory]
    [InlineData(0, 0, 0UL, true)]
    [InlineData(0, 0, 1UL, false)]
    [InlineData(0, -1, 0UL, false)]
    [InlineData(1, 0, 0UL, false)]
    public void Replay_VerifiesOnlyTheSameOffsetLengthAndCrc(long offsetDelta, long lengthDelta, ulong crcDelta, bool verified)
    {
        var recorded = Record(5);

        var step = ResumePlanner.Replay(recorded, new PartSpec(5, recorded.Offset + offsetDelta, recorded.Length + lengthDelta), recorded.Crc + crcDelta);

        Assert.Equal(verified ? ReplayStep.Verified : ReplayStep.Differs, step);
    }

    private static string Pick(string expect, string reason)
    {
        var words = expect["discard: ".Length..expect.IndexOf(" |", StringComparison.Ordinal)];
        return reason.Contains(words, StringComparison.Ordinal) ? words : reason;
    }

    private static StoredCheckpoint Stored(Func<CheckpointHeader, CheckpointHeader>? change = null, PartRecord[]? parts = null)
    {
        var header = Expected with { UploadId = Id };
        return StoredCheckpoint.Of(new UploadCheckpoint(change is null ? header : change(header), parts ?? [Record(1), Record(2), Record(3), Record(4), Record(5)]));
    }

    private static PartRecord Record(int number)
    {
        var spec = Schedule.Part(number);
        return new PartRecord(number, spec.Offset, spec.Length, $"etag-{number}", (ulong)(1000 + number));
    }

    private static UploadedPart Uploaded(int number) => new(number, Schedule.Part(number).Length, $"etag-{number}");
}
