#!/usr/bin/env bash
# Installs everything reparam needs on a fresh Debian machine with Node >= 20, then builds.
# Idempotent: reruns skip what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8
# Debian packages the project needs: oneDNN (the native backend), libjpeg-turbo's headers (the JPEG
# decoding addon of streamed image folders), fonts for chart text,
# Fashion-MNIST (the real benchmark data), Chromium (the test that renders reparam report's page),
# redis-server (the work queue of distributed searches; its tests start their own on a free port).
APT_PACKAGES=(libdnnl-dev libjpeg62-turbo-dev fonts-dejavu-core dataset-fashion-mnist chromium redis-server)

if ((${#APT_PACKAGES[@]})); then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
  fi
fi

# corepack fails its signature check on these machines, so pnpm comes pinned from npm.
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# onnxruntime-node (the ONNX runtime of @reparam/deploy) ships its CPU binaries in the npm package; its
# postinstall would download optional CUDA parts from outside the registry. pnpm-workspace.yaml
# already ignores that script; the variable makes the script itself a no-op should it ever run.
export ONNXRUNTIME_NODE_INSTALL=skip
pnpm install --frozen-lockfile
pnpm build
