#!/usr/bin/env bash
# Publishes the CLI as its tool package ships it for this machine (Release, this host's RID, framework-dependent,
# ReadyToRun, TieredPGO off: DECISIONS 41) and prints the folder that holds it (rupload and rupload.dll).
# benchmarks/e2e/run.sh and tests/crash/run.sh measure this, not the `dotnet build` output. Incremental: a second call
# with no change in src/ only checks. Build output goes to stderr.
#
#   scripts/publish-cli.sh      prints src/ResumableUpload.Cli/bin/Release/net10.0/<rid>/publish
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
[ -n "$rid" ] || { echo "publish-cli.sh: dotnet --info names no RID" >&2; exit 1; }
dotnet publish "$root/src/ResumableUpload.Cli/ResumableUpload.Cli.csproj" -c Release -r "$rid" -v quiet -nologo >&2
echo "$root/src/ResumableUpload.Cli/bin/Release/net10.0/$rid/publish"
