#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine; safe to run again (fast when done).
#   scripts/setup.sh          Python environment (.venv) from the lock file
#   scripts/setup.sh test     also Debian chromium (the app's real-browser tests), PostgreSQL and
#                             DejaVu fonts (the PDF's Unicode text)
#                             (the Postgres store's tests run against a real, throwaway server)
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python 3.11+, never download one

if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
# experta pins frozendict==1.2 (broken on Python >= 3.10); the override lives in pyproject.toml.
# Bytecode is compiled at install time, as pip does and uv does not by default: where Python may not
# write its caches (PYTHONDONTWRITEBYTECODE, read-only installs) every command otherwise compiles
# the whole import tree again (about 1 s of `bmi-advisor assess`). compileall skips what is current.
uv sync --frozen --quiet --python python3 --compile-bytecode
.venv/bin/python -m compileall -q -j 0 advisor rules app_pages app.py >/dev/null

if [ "${1:-}" = "test" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  # The PDF prints every character of a firm's texts with DejaVu Sans (advisor/reporting/pdf.py).
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
