#!/usr/bin/env bash
# What the test suite needs besides a JDK, Maven and Docker: the AWS CLI, busybox-static and skopeo
# (the registry ITs copy images with it).
set -euo pipefail
need=()
# The AWS CLI v2 (Debian's awscli, /usr/bin/aws): `aws logs tail` exists only in v2; an `aws` earlier on PATH may be v1.
[ -x /usr/bin/aws ] || need+=(awscli)
{ [ -x /bin/busybox ] && { ldd /bin/busybox 2>&1 || true; } | grep -qE "not a dynamic|statically linked"; } || need+=(busybox-static)
command -v curl >/dev/null || need+=(curl)
command -v skopeo >/dev/null || need+=(skopeo)
# tmux drives the interactive ECS Exec test (a terminal for session-manager-plugin)
command -v tmux >/dev/null || need+=(tmux)
if [ ${#need[@]} -gt 0 ]; then
  echo "test-deps: installing ${need[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
aws --version >&2; /usr/bin/aws --version >&2
# PostgreSQL for the store-postgres tests and PostgresStateIT (Debian's postgresql, role dockyard/dockyard)
"$(dirname "$0")/test-postgres.sh" >&2
