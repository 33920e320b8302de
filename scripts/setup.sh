#!/usr/bin/env bash
# Set up everything `indicators` needs on a fresh machine: a virtualenv in .venv
# with the package (editable) and its extras. Safe to run again.
#   scripts/setup.sh          # the package and what the main job needs
#   scripts/setup.sh dev      # plus what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$extras" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
# --- CJK font for charts (see README, "Dependencies") ---
bash scripts/install-font.sh || echo "setup: no CJK font could be installed; charts will warn and show boxes for Chinese" >&2
