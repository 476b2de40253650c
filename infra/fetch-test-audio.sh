#!/usr/bin/env bash
# Fetches the CC0 npm package supersonic-scsynth-samples into tests/fixtures/downloaded/ (once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/tests/fixtures/downloaded"
[ -d "$dest/supersonic-scsynth-samples/samples" ] && exit 0
mkdir -p "$dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent supersonic-scsynth-samples >/dev/null)
mkdir -p "$tmp/unpacked"
tar -xzf "$tmp"/supersonic-scsynth-samples-*.tgz -C "$tmp/unpacked"
rm -rf "$dest/supersonic-scsynth-samples"
mv "$tmp/unpacked/package" "$dest/supersonic-scsynth-samples"
echo "test audio: $(find "$dest/supersonic-scsynth-samples" -type f \( -name '*.flac' -o -name '*.aiff' -o -name '*.wav' \) | wc -l) files in $dest/supersonic-scsynth-samples"
