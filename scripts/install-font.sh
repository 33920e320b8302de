#!/usr/bin/env bash
# Make sure charts can draw Chinese: a CJK font that matplotlib finds.
#
# Choice: Debian's fonts-noto-cjk (Noto Sans CJK SC; SIL Open Font License 1.1,
# from the distribution's own archive, found by fontconfig and by matplotlib's
# font manager, which reads the SC face of its .ttc collection). It is only
# installed when no CJK font is there already, so a machine with one (macOS
# PingFang, Windows Microsoft YaHei, any Noto/WenQuanYi install) is left alone.
# Without root or apt-get the script says what to install and exits 1; charts
# then warn (CJKFontWarning) and draw boxes instead of Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON_VENV:-.venv/bin/python}"

if "$PY" indicators/fonts.py --quiet 2>/dev/null; then
  "$PY" indicators/fonts.py
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    export DEBIAN_FRONTEND=noninteractive
    echo "install-font: installing fonts-noto-cjk (Noto Sans CJK) with apt-get" >&2
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null \
      || $SUDO apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null
  fi
fi

# matplotlib caches its font list; rebuild it so the new font is seen at once.
if "$PY" indicators/fonts.py --rebuild; then
  exit 0
fi
echo "install-font: no CJK font; install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk;" \
     "Fedora: sudo dnf install google-noto-sans-cjk-fonts; macOS and Windows ship one)" >&2
exit 1
