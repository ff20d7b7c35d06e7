#!/usr/bin/env bash
# Builds the daemon image: docker/build.sh [TAG] [NODE_IMAGE]
# From this checkout, offline: docker/Dockerfile compiles with the checkout's node_modules (npm ci first) and
# keeps only the production dependencies in the image. Prints the tag as the last line of stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TAG="${1:-ecs-local:latest}"
NODE_IMAGE="${2:-node:22-bookworm-slim}"

[[ -x node_modules/typescript/bin/tsc ]] || npm ci >&2
docker build --pull=false --build-arg "NODE_IMAGE=$NODE_IMAGE" -t "$TAG" -f docker/Dockerfile . >&2
echo "$TAG"
