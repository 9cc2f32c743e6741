#!/usr/bin/env bash
# Builds prex's OCI image as a tar file, with no Docker daemon and no registry
# (docs/deployment.md, "Container image"):
#   1. the base: Debian bookworm (minbase) with openjdk-17-jre-headless, from Debian's own packages
#      by debootstrap, as an image tar (target/image/base.tar; kept, delete it to rebuild);
#   2. prex on it, by Jib (mvn -Pimage): target/prex-image.tar, an OCI image that runs as user
#      prex (10001), never root, with /keys, /routes and /data as volumes;
#   3. a check: the image's configuration, and prex run from its layers as that user.
# Needs root (debootstrap, chroot) and network access to a Debian mirror (DEBIAN_MIRROR).
# Load the result with: podman load -i target/prex-image.tar (or docker load, skopeo copy).
set -euo pipefail
cd "$(dirname "$0")/../.."

work=target/image
base=$work/base.tar
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ ! -s "$base" ]; then
  rootfs=$work/rootfs
  rm -rf "$rootfs" "$work/layer"
  mkdir -p "$rootfs" "$work/layer"
  echo "base: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/tmp/* "$rootfs"/var/tmp/*
  # nothing in the image may raise a process's privileges: no setuid or setgid programs
  find "$rootfs" -xdev -type f -perm /6000 -exec chmod ug-s {} +
  # the account prex runs as: no password, no shell, its home the data volume
  echo "prex:x:10001:10001:prex exchange:/data:/usr/sbin/nologin" >>"$rootfs/etc/passwd"
  echo "prex:x:10001:" >>"$rootfs/etc/group"
  echo "prex:!:19000::::::" >>"$rootfs/etc/shadow"
  mkdir -p "$rootfs/keys" "$rootfs/routes" "$rootfs/data"
  chown 10001:10001 "$rootfs/data"
  chmod 0700 "$rootfs/data"
  # one layer, and a docker-save archive around it (what Jib reads with tar://)
  tar --numeric-owner --sort=name --mtime=@0 -C "$rootfs" -cf "$work/layer/layer.tar" .
  diff=$(sha256sum "$work/layer/layer.tar" | cut -d' ' -f1)
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$diff" >"$work/layer/config.json"
  printf '[{"Config":"config.json","RepoTags":["prex-base:bookworm"],"Layers":["layer.tar"]}]' \
    >"$work/layer/manifest.json"
  tar -C "$work/layer" -cf "$base.partial" manifest.json config.json layer.tar
  mv "$base.partial" "$base"
  rm -rf "$rootfs" "$work/layer"
fi

echo "image: Jib onto $base"
mvn -B -q -Pimage package -DskipTests

bash deploy/image/check.sh target/prex-image.tar
