#!/usr/bin/env bash
# Set up and run the whole test suite (lint, unit, end-to-end, API and real-browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/setup_browser.sh ]; then bash scripts/setup_browser.sh; fi
.venv/bin/ruff check src tests benchmarks scripts
export EVENTWIRE_SCREENSHOTS=${EVENTWIRE_SCREENSHOTS:-$PWD/screenshots}
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
status=$?
set -e
echo "browser screenshots: $EVENTWIRE_SCREENSHOTS"
exit $status
