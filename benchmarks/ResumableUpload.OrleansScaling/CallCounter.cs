using System.Collections.Concurrent;

namespace ResumableUpload.OrleansScaling;

/// <summary>An Orleans incoming grain call filter that counts every application grain call by interface and method.</summary>
internal sealed class CallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> calls = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        calls.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, (_, n) => n + 1);
        await context.Invoke();
    }

    public Dictionary<string, int> TakeSnapshot()
    {
        var snapshot = new Dictionary<string, int>(calls);
        calls.Clear();
        return snapshot;
    }
}
