#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine; safe to run again (fast when done).
#   scripts/setup.sh          Python environment (.venv) from the lock file
#   scripts/setup.sh browser  also Debian chromium, for the app's real-browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python 3.11+, never download one

if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
# experta pins frozendict==1.2 (broken on Python >= 3.10); the override lives in pyproject.toml.
uv sync --frozen --quiet --python python3

if [ "${1:-}" = "browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
