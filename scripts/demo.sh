#!/usr/bin/env bash
# The main job on the bundled examples: set up, process examples/ into eventwire.duckdb,
# rebuild stories, print a summary and serve the dashboard on http://127.0.0.1:${PORT:-8000}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${DB:-eventwire.duckdb}
.venv/bin/eventwire run examples/ --db "$DB"
.venv/bin/eventwire stats --db "$DB"
echo
echo "Dashboard: open http://127.0.0.1:${PORT:-8000}/  (API docs at /docs; Ctrl-C to stop)"
exec .venv/bin/eventwire serve --db "$DB" --port "${PORT:-8000}"
