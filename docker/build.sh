#!/usr/bin/env bash
# Builds the daemon image: docker/build.sh [TAG] [NODE_IMAGE]
# The context holds only what the daemon runs: dist/, examples/, package.json and production node_modules
# (npm ci --omit=dev), so the image carries no dev tooling. Prints the tag as the last line of stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TAG="${1:-ecs-local:latest}"
NODE_IMAGE="${2:-node:22-bookworm-slim}"

[[ -f dist/cli/main.js ]] || npm run build >&2
CTX="$(mktemp -d /var/tmp/ecs-local-image.XXXXXX)"
trap 'rm -rf "$CTX"' EXIT
cp package.json package-lock.json "$CTX/"
cp -r dist examples "$CTX/"
# --ignore-scripts: the daemon needs no install script (ssh2's optional native parts are not used).
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefix "$CTX" >&2
docker build --pull=false --build-arg "NODE_IMAGE=$NODE_IMAGE" -t "$TAG" -f docker/Dockerfile "$CTX" >&2
echo "$TAG"
