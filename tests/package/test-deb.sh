#!/usr/bin/env bash
# The .deb as a user gets it (issue 12): build it with cpack from BUILD_DIR, unpack it into a
# scratch root with dpkg -x, and run the installed programs from there:
#   devassign --version, devassign inspect on the bundled example, devassign-studio --screenshot.
# Also: Depends computed by dpkg-shlibdeps (libraries no one listed by hand are there), the icons
# the desktop file names, the man pages, the docs.
#   test-deb.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$2
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
fail() { echo "test-deb: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/cpack/devassign_*.deb)
echo "package: $deb"

# Depends: the hand-listed two, and what dpkg-shlibdeps found in the ELF files (none of these is
# listed by hand in packaging/CMakeLists.txt, so their presence proves the computation ran).
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for want in device-tree-compiler qt6-qpa-plugins libqt6core6 libqt6widgets6 libqt6svg6 libfdt1 libqscintilla2-qt6 libxenmisc libc6; do
    grep -q "$want" <<<"$depends" || fail "Depends lacks $want"
done

# A clean install resolves: apt, simulating, finds every Depends in Debian 12's archive (or
# installed), nothing missing and nothing to remove.
if command -v apt-get >/dev/null; then
    sim=$(apt-get install -s "$deb" 2>&1) || { echo "$sim"; fail "apt-get cannot install the package"; }
    grep -q "^Inst devassign " <<<"$sim" || { echo "$sim"; fail "apt-get would not install devassign"; }
    ! grep -q "^Remv " <<<"$sim" || { echo "$sim"; fail "installing devassign would remove packages"; }
fi

root="$work/root"
dpkg -x "$deb" "$root"

# The programs, from the installed tree.
version=$("$root/usr/bin/devassign" --version)
[ "$version" = "devassign $(dpkg-deb -f "$deb" Version)" ] || fail "--version says '$version'"
example="$root/usr/share/devassign/examples/qemu-virt-gicv3.dtb"
[ -f "$example" ] || fail "the bundled example is not installed"
inspect=$("$root/usr/bin/devassign" inspect "$example" --node /pl031@9010000)
# QEMU virt's PL031: reg = <0x0 0x9010000 0x0 0x1000>, interrupts = <0 2 4> (SPI 2 = INTID 34).
grep -q "0x9010000" <<<"$inspect" || fail "inspect does not show the PL031's address: $inspect"
grep -q "34" <<<"$inspect" || fail "inspect does not show the PL031's IRQ 34: $inspect"
env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM=offscreen \
    "$root/usr/bin/devassign-studio" --screenshot "$work/shot.png" --size 800x600 "$example"
[ "$(head -c 8 "$work/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/devassign-studio" --help | grep -q -- "--screenshot" \
    || fail "devassign-studio --help needs a display"

# Desktop integration: the Icon= of the desktop file is an installed hicolor icon, at every size.
desktop="$root/usr/share/applications/org.devassign.Studio.desktop"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ "$icon" = org.devassign.Studio ] || fail "desktop Icon=$icon"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "no scalable icon"
for size in 16 24 32 48 64 128 256; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/$icon.png"
    [ -f "$png" ] || fail "no ${size}px icon"
done
[ -f "$root/usr/share/metainfo/org.devassign.Studio.metainfo.xml" ] || fail "no metainfo"

# Man pages, gzipped, and the docs with their pictures.
for page in devassign devassign-studio; do
    man1="$root/usr/share/man/man1/$page.1.gz"
    [ -f "$man1" ] || fail "no $page(1)"
    zcat "$man1" | grep -q "^\.SH SYNOPSIS" || fail "$page(1) has no SYNOPSIS"
done
[ -f "$root/usr/share/doc/devassign/cli.md" ] || fail "docs not installed"
# The help names docs/*.md files: it says where the installed ones are.
usage=$("$root/usr/bin/devassign" 2>&1 || true) # no command: usage on stderr, exit 2
grep -qF "/usr/share/doc/devassign/." <<<"$usage" || fail "devassign's usage does not name the installed docs folder"
grep -q "^License: GPL-2.0-or-later" "$root/usr/share/doc/devassign/copyright" || fail "no Debian copyright file"
[ -f "$root/usr/share/doc/devassign/README.md" ] || fail "README not installed"
[ -f "$root/usr/share/doc/devassign/screenshots/studio-qemu-virt.png" ] || fail "the user guide's pictures are not installed"
echo "test-deb: ok"
