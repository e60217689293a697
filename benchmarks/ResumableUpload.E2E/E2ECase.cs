namespace ResumableUpload.E2E;

/// <summary>
/// One thing to time on one file: a command, and what to do after each run (check the object arrived whole, delete it).
/// <paramref name="Group"/> says what it is compared with: the ceilings, our uploader, a peer.
/// </summary>
internal sealed record E2ECase(string Name, string Group, string Description, Func<string, long, Command> Command, Func<long, Task<string?>>? AfterRun = null);
