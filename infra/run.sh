#!/usr/bin/env bash
# The run command: all four services in one process on embedded defaults (embedded Kafka, localhost Orleans,
# in-process cache, a local model store). Extra arguments go to the host, e.g. --no-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh
# Serving's cache hits need a larger gen0 budget than the GC's default on small hosts (README, personal serving).
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x1000000}"
exec dotnet run -c Release --project services/AllInOne -- "$@"
