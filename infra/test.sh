#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every test project against real parts
# (redis-server, librdkafka's embedded mock cluster, an Orleans in-process cluster, ffmpeg, TorchSharp on CPU).
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh --test
bash infra/fetch-test-audio.sh
dotnet test OpenMrs.sln -c Release --logger "console;verbosity=normal" "$@"
