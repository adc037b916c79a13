#!/usr/bin/env bash
# Installs every Debian 12 package devassign needs to build, test and run its end-to-end boots.
# Idempotent: packages already present are left alone, so CI can call it on every run.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # core: device trees
  libfdt-dev device-tree-compiler
  # core: SHA-256 of host DTBs and exported files (OpenSSL's libcrypto)
  libssl-dev
  # GUI
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libqscintilla2-qt6-dev libgl-dev fonts-dejavu-core
  # the studio's audit, memory and IRQ pictures export as SVG (QSvgGenerator)
  qt6-svg-dev
  # proof on the real consumers: libxlutil parses dom.cfg, cmark-gfm renders audit.md, python3
  # (html.parser) reads the rendered HTML, bash sources imagebuilder.cfg
  libxen-dev cmark-gfm python3 bash
  # tests and benchmarks
  libbenchmark-dev
  # tst_report renders the HTML audit report in headless Chromium (PNG, print to PDF) and pdftoppm
  # turns a printed page into a picture
  chromium poppler-utils
  # end-to-end boots of Xen under QEMU
  qemu-system-arm cpio gzip xz-utils ca-certificates
  # e2e-transplant.sh grafts board nodes into QEMU virt's DTB with pylibfdt
  python3-libfdt
  # SCMI mediator: freestanding aarch64 build, Xen 4.17 from source (e2e-scmi.sh), its tests
  gcc-aarch64-linux-gnu flex bison python3
  # tests/dtschema: exported partial DTBs against Linux's own bindings (dt-validate, and the
  # 6.1 kernel's Documentation/devicetree/bindings from the source tarball)
  dt-schema linux-source-6.1
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
