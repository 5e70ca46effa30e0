#!/usr/bin/env bash
# What the test suite needs besides a JDK, Maven and Docker: the AWS CLI, busybox-static and skopeo
# (the registry ITs copy images with it).
set -euo pipefail
need=()
command -v aws >/dev/null || need+=(awscli)
{ [ -x /bin/busybox ] && { ldd /bin/busybox 2>&1 || true; } | grep -qE "not a dynamic|statically linked"; } || need+=(busybox-static)
command -v curl >/dev/null || need+=(curl)
command -v skopeo >/dev/null || need+=(skopeo)
if [ ${#need[@]} -gt 0 ]; then
  echo "test-deps: installing ${need[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
aws --version >&2
