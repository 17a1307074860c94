#!/usr/bin/env bash
# Installs what `npm run test:registry` needs on Debian bookworm, as root, without prompts:
#   docker-registry  the registry under test (/usr/bin/docker-registry, distribution 2.8)
#   buildah          the builder (FROM scratch + COPY needs no OCI runtime, no network)
#   apache2-utils    `htpasswd -B`: the registry's htpasswd auth accepts bcrypt only, and
#                    Node has no bcrypt of its own
#   openssl          the self-signed certificate that signs the token-auth test's JWTs
# buildah's own dependencies (uidmap, containers-common) come with it; fuse-overlayfs and
# slirp4netns are not needed because the tests run as root with the vfs storage driver and
# chroot isolation, and build nothing that uses the network.
#
# Idempotent: installs only what is missing and runs `apt-get update` once, only then.
# The registry package's init script is not run as a service by the tests: they start their
# own registry on 127.0.0.1 with a temporary configuration.
set -euo pipefail

packages=(docker-registry buildah apache2-utils openssl)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-registry-deps: run as root (apt-get install needs it)" >&2
  exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [[ $status != installed ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-registry-deps: already installed: ${packages[*]}"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-registry-deps: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-registry-deps: done"
