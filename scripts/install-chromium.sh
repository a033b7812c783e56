#!/usr/bin/env bash
# Installs Debian's Chromium for the browser end-to-end test (npm run test:e2e) when it is missing.
# playwright-core drives it at /usr/bin/chromium; Playwright's own browser download does not work here.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version || true
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
