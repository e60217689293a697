using BenchmarkDotNet.Running;
using ResumableUpload.Benchmarks;

// One class per question; pick with --filter, e.g. --filter '*Pipeline*'. See benchmarks/README.md.
// "flat" is not a BenchmarkDotNet class: one timed upload to the null target (benchmarks/e2e/flat-cost.sh).
if (args is ["flat", .. var rest])
{
    return await FlatCost.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
