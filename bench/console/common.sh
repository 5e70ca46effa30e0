# Sourced by the console benches: the built launcher, the browser tests' npm packages, a free port and a data directory.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f server/target/dockyard.jar ] || mvn -q -o -pl server -am package -DskipTests
[ -d integration/src/test/browser/node_modules ] || (cd integration/src/test/browser && npm ci --no-audit --no-fund --loglevel=error)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATA=$(mktemp -d)
