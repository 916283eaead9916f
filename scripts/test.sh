#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every module and the acceptance tests with the real
# kubectl and fabric8 clients. Installs the system packages the tests need first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/install-deps.sh"
if [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
exec ./mvnw -B -ntp install "$@"
