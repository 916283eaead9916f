#!/usr/bin/env bash
# Installs every system package kube4j uses, now or in its tests, from Debian's archive.
# Both README commands run it; it is idempotent and quick when everything is present.
set -euo pipefail

# Packages and the command each provides (checked so nothing is installed twice).
packages=(
  "runc:runc"
  "containernetworking-plugins:/usr/lib/cni/bridge"
  "iptables:iptables"
  "etcd-server:etcd"
  "etcd-client:etcdctl"
  "docker-registry:docker-registry"
  "docker-compose:docker-compose"
  "busybox-static:busybox"
  "iproute2:ip"
  "curl:curl"
)

missing=()
for entry in "${packages[@]}"; do
  pkg="${entry%%:*}"; probe="${entry#*:}"
  if [[ "$probe" == /* ]]; then [ -e "$probe" ] && continue; else command -v "$probe" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done

java_ok=0
for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -n "$home" ] && [ -x "$home/bin/java" ]; then java_ok=1; break; fi
done
if [ "$java_ok" = 0 ]; then
  # Debian 12 packages no Java 25; the machine image provides Temurin 25.
  echo "kube4j: Java 25 is required: install a Java 25 JDK and set JAVA_HOME (looked in /usr/lib/jvm)" >&2
  exit 1
fi

if ! command -v kubectl >/dev/null 2>&1; then
  # Debian's kubectl is old (1.20) but is the only packaged one; the tests use 1.27-1.33 when present.
  missing+=("kubernetes-client")
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "kube4j: installing system packages: ${missing[*]}" >&2
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "kube4j: these Debian packages are missing and installing them needs root:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# The Debian services are not wanted: tests start their own instances on loopback.
for svc in etcd docker-registry; do
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || true; fi
  if [ -x "/etc/init.d/$svc" ]; then $SUDO "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
done
