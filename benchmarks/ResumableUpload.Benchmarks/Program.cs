using BenchmarkDotNet.Running;

// One class per question; pick with --filter, e.g. --filter '*Pipeline*'. See benchmarks/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
