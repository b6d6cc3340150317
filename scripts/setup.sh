#!/usr/bin/env bash
# Set up eventwire in ./.venv from PyPI alone (idempotent; fast when already installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "eventwire needs Python >= 3.11 (found $("$PY" --version 2>&1)); set PYTHON=python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.eventwire-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # geo: the larger gazetteer's MIT sources (docs/gazetteer.md)
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,geo]"
  touch "$stamp"
fi
