#!/usr/bin/env bash
# Makes the offline test image dockyard-test/busybox:latest from Debian's busybox-static:
# a rootfs with /bin/busybox and its applets, imported with `docker import` (no registry needed).
set -euo pipefail
IMAGE="${1:-dockyard-test/busybox:latest}"
VERSION=2   # bump when the image's contents change
if [ "$(docker image inspect -f '{{ index .Config.Labels "io.dockyard.test-image" }}' "$IMAGE" 2>/dev/null)" = "$VERSION" ]; then exit 0; fi
if [ ! -x /bin/busybox ] || ! { ldd /bin/busybox 2>&1 || true; } | grep -qE 'not a dynamic|statically linked'; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/var/www" "$root/proc" "$root/sys" "$root/dev"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
echo '<html>dockyard test</html>' > "$root/var/www/index.html"
tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c "LABEL io.dockyard.test-image=$VERSION" - "$IMAGE" >/dev/null
echo "made $IMAGE"
