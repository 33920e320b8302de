#!/usr/bin/env bash
# Set up everything `indicators` needs on a fresh machine: a virtualenv in .venv
# with the package (editable) and its extras. Safe to run again.
#   scripts/setup.sh          # the package and what the main job needs
#   scripts/setup.sh dev      # plus what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"

# The interpreter: $PYTHON when set; else the operating system's own CPython 3.11+ in
# /usr/bin, which distributions build with PGO and LTO (as python.org and conda do),
# while pyenv and other version managers compile without them unless asked: the
# extractor runs about 10% slower there (README, "Speed"); else python3 on the PATH.
candidates() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for py in /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 /usr/bin/python3; do
    if [ -x "$py" ] && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"
    fi
  done
  echo python3
}
if [ ! -x .venv/bin/python ]; then
  made=""
  while IFS= read -r py; do
    # a distribution may ship its Python without venv (Debian: python3-venv): try the next
    if "$py" -m venv .venv 2>/dev/null; then made="$py"; break; fi
    rm -rf .venv
  done < <(candidates)
  if [ -z "$made" ]; then
    echo "setup: could not make a virtualenv with any of: $(candidates | tr '\n' ' ')(set PYTHON to a Python 3.11+ with venv)" >&2
    exit 1
  fi
  echo "setup: .venv made with $made ($("$made" -c 'import sys; print(sys.version.split()[0])'))"
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$extras" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
# --- CJK font for charts (see README, "Dependencies") ---
bash scripts/install-font.sh || echo "setup: no CJK font could be installed; charts will warn and show boxes for Chinese" >&2
