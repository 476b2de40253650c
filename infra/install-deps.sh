#!/usr/bin/env bash
# Installs the Debian packages Open MRS needs at run or test time, only where they are missing.
#   redis-server   the tests' real Redis (started by the fixture on a free loopback port)
#   ffmpeg         audio decoding (without recommends: the full install pulls in X and has failed on minimal images)
#   docker-compose validates docker-compose.yml without an engine (tests only)
#   libgomp1       OpenMP runtime of USearch's native library (Serving's approximate factor index)
set -euo pipefail
want=()
command -v ffmpeg >/dev/null || want+=(ffmpeg)
ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1' || want+=(libgomp1)
if [ "${1:-}" = "--test" ]; then
  command -v redis-server >/dev/null || want+=(redis-server)
  command -v docker-compose >/dev/null || want+=(docker-compose)
fi
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
for pkg in "${want[@]}"; do
  echo "installing $pkg"
  $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
done
