#!/usr/bin/env bash
# The run command: all four services in one process on embedded defaults (embedded Kafka, localhost Orleans,
# in-process cache, a local model store). Extra arguments go to the host, e.g. --no-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh
# A 64 MB gen0 budget: the GC's default on small hosts collects every few MB, and each collection pauses every
# request in flight (README, "Personal serving": hit and miss tails by gen0 budget).
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
exec dotnet run -c Release --project services/AllInOne -- "$@"
