#!/usr/bin/env bash
# Builds a Debian trixie image with awscli v2 and python3-boto3: real AWS clients nobody here
# (trixie, not bookworm: bookworm's awscli 2.9 predates botocore's support for FULL_URI at 169.254.170.2,
# AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE and AWS_ENDPOINT_URL, all of which the tests exercise)
# wrote, for tests. No registry can be pulled from, so the rootfs comes from debootstrap and is `docker import`ed.
# Prints the image tag as the last line of stdout. Cached by tag: the tag carries a hash of this script, so an
# edit here rebuilds and an unchanged script reuses the image. Needs root, debootstrap and a running engine.
# Labelled ecs-local-test, not ecs-local: containers inherit image labels, and the daemon sweeps ecs-local=true.
set -euo pipefail

MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="awscli python3-boto3 ca-certificates"
HASH="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
TAG="ecs-local-test/awscli:trixie-${HASH}"

exists() { docker image inspect "$TAG" >/dev/null 2>&1; }
if exists; then echo "$TAG"; exit 0; fi

# Two test processes may ask at once: one builds, the other waits and then finds the tag.
exec 9>/var/lock/ecs-local-test-awscli.lock
flock 9
if exists; then echo "$TAG"; exit 0; fi

for tool in debootstrap docker chroot; do
  command -v "$tool" >/dev/null || {
    echo "build.sh: $tool is missing (apt-get install debootstrap docker.io)" >&2
    exit 1
  }
done

# /var/tmp, not /tmp: the rootfs is ~400 MB and /tmp may be a small tmpfs.
ROOT="$(mktemp -d /var/tmp/ecs-local-awscli.XXXXXX)"
# mktemp makes it 0700; apt's _apt user must be able to reach the chroot's download dir.
chmod 755 "$ROOT"
cleanup() {
  umount "$ROOT/proc" 2>/dev/null || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

# All progress goes to stderr: stdout carries only the tag.
{
  echo "build.sh: debootstrap trixie into $ROOT from $MIRROR"
  debootstrap --variant=minbase trixie "$ROOT" "$MIRROR"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # Package scripts must not try to start services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod +x "$ROOT/usr/sbin/policy-rc.d"
  mount -t proc proc "$ROOT/proc"
  chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get update
  # shellcheck disable=SC2086
  chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES
  chroot "$ROOT" apt-get clean
  umount "$ROOT/proc"
  rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/* "$ROOT/usr/sbin/policy-rc.d" "$ROOT"/tmp/*
  # Docker provides resolv.conf, hosts and hostname at run time.
  : >"$ROOT/etc/resolv.conf"
  echo "build.sh: importing $TAG"
  tar --numeric-owner -C "$ROOT" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL ecs-local-test=true' \
    --change 'CMD ["/bin/bash"]' \
    - "$TAG"
  # A tag that exists is trusted forever, so check the clients work before leaving it behind.
  if ! docker run --rm "$TAG" sh -c 'aws --version && python3 -c "import boto3, botocore"'; then
    docker rmi "$TAG" >/dev/null || true
    echo "build.sh: $TAG does not run aws/boto3; removed" >&2
    exit 1
  fi
} >&2

echo "$TAG"
