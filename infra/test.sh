#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every test project against real parts
# (redis-server, librdkafka's embedded mock cluster, an Orleans in-process cluster, ffmpeg, TorchSharp on CPU).
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Recommender).
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh --test
bash infra/fetch-test-audio.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test OpenMrs.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { grep -E "^\s+$1:\s+[0-9]+\s*$" "$log" | awk '{ sum += $2 } END { print sum + 0 }'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
