using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using ResumableUpload.Telemetry;

namespace ResumableUpload.Targets;

/// <summary>
/// Runs requests to the target through one Polly retry strategy: exponential backoff with jitter, and only for
/// errors the target marks transient. Permanent errors (403, 404, bad digest) fail at once, with no retry storm.
/// Used in one place, <see cref="RetryingMultipartTarget"/>, which wraps every call to the target.
/// </summary>
internal sealed class TargetRetryPipeline
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("resumableupload.operation");
    private readonly ResiliencePipeline pipeline;
    private readonly SemaphoreSlim? requestSlots;

    /// <param name="retry">The retry settings.</param>
    /// <param name="timeProvider">The clock for backoff delays.</param>
    /// <param name="logger">Where retries are logged.</param>
    /// <param name="requestSlots">The engine's limit on requests in flight, taken per attempt (never held through a backoff delay), or <see langword="null"/>.</param>
    /// <param name="metrics">The instruments retries are counted on, or <see langword="null"/> for the shared ones.</param>
    /// <param name="targetKind">The target kind retries are tagged with.</param>
    public TargetRetryPipeline(UploadRetryOptions retry, TimeProvider timeProvider, ILogger logger, SemaphoreSlim? requestSlots = null, UploadMetrics? metrics = null, string targetKind = "unknown")
    {
        var retries = (metrics ?? UploadMetrics.Shared).Retries;
        var kind = UploadMetrics.Kind(targetKind);
        this.requestSlots = requestSlots;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TargetException>(e => e.IsTransient),
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                UseJitter = retry.UseJitter,
                OnRetry = args =>
                {
                    retries.Add(1, kind);
                    var operation = args.Context.Properties.GetValue(OperationKey, "request");
                    Log.Retrying(logger, operation, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "unknown");
                    return default;
                },
            });
        }

        pipeline = builder.Build();
    }

    public async Task<TResult> RunAsync<TResult, TState>(string operation, TState state, Func<TState, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(OperationKey, operation);
            return await pipeline.ExecuteAsync(
                static async (ctx, s) =>
                {
                    if (s.slots is null)
                    {
                        return await s.call(s.state, ctx.CancellationToken).ConfigureAwait(false);
                    }

                    await s.slots.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                    try
                    {
                        return await s.call(s.state, ctx.CancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        s.slots.Release();
                    }
                },
                context,
                (call, state, slots: requestSlots)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
