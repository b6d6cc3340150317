#!/usr/bin/env bash
# Install what tests/test_browser.py needs: Debian chromium (+ chromium-driver) and the npm
# package playwright-core (a driver only: it never downloads a browser of its own).
# Idempotent and fast when everything is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
browser_dir="$here/tests/browser"

if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
fi

if [ ! -f "$browser_dir/node_modules/playwright-core/package.json" ]; then
  cd "$browser_dir"
  # playwright-core has no install script that fetches browsers; ci = exact versions from the lock.
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
echo "chromium: $(command -v chromium)"
