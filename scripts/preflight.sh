#!/usr/bin/env bash
# Pre-flight for an instructor the day before a workshop (instructor guide, "Preparing the room"):
#   1. Deno 2 is installed (installs the tested version with npm when it is missing),
#   2. `deno install` fills the npm cache (after this, nothing needs the internet),
#   3. the course site builds, and its size and offline cache size are reported,
#   4. the exercise kit checks itself: every reference solution passes its tests,
#   5. the port is free, and the LAN addresses learners would use are listed.
# Prints a ✓/✗ checklist; exits 1 if anything failed.
#
#   bash scripts/preflight.sh [--port 4321] [--skip-build] [--skip-kit]
#   deno task preflight          (the same, once Deno is there)
set -uo pipefail
unset RUST_BACKTRACE

DENO_VERSION="${DENO_VERSION:-2.9.6}" # the version the course is tested with
PORT=4321
SKIP_BUILD=0
SKIP_KIT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --skip-kit) SKIP_KIT=1; shift ;;
    *) echo "usage: bash scripts/preflight.sh [--port N] [--skip-build] [--skip-kit]" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.." || exit 1
RESULTS=()
FAILED=0
ok() { RESULTS+=("✓ $1"); echo "✓ $1"; }
bad() { RESULTS+=("✗ $1"); echo "✗ $1" >&2; FAILED=1; }
step() { echo; echo "── $1"; }

step "Deno"
if ! command -v deno >/dev/null 2>&1; then
  if command -v npm >/dev/null 2>&1; then
    echo "Deno is missing: installing deno@${DENO_VERSION} with npm…"
    npm install -g "deno@${DENO_VERSION}" || true
    hash -r
  fi
fi
if command -v deno >/dev/null 2>&1; then
  version="$(deno --version | head -1 | awk '{print $2}')"
  case "$version" in
    2.*) ok "Deno ${version} (tested with ${DENO_VERSION})" ;;
    *) bad "Deno ${version} is too old: the course needs Deno 2 (npm i -g deno@${DENO_VERSION})" ;;
  esac
else
  bad "Deno is not installed and npm could not install it: see https://deno.com (or npm i -g deno)"
  printf '\n%s\n' "${RESULTS[@]}"
  exit 1
fi

step "npm packages (deno install)"
if deno install >/tmp/preflight-install.log 2>&1; then
  ok "npm packages installed and cached (deno.lock)"
else
  bad "deno install failed (no registry access? a proxy? see /tmp/preflight-install.log)"
fi

if [ "$SKIP_BUILD" = 0 ]; then
  step "Course site (deno task build)"
  started=$(date +%s)
  if deno task build >/tmp/preflight-build.log 2>&1; then
    seconds=$(($(date +%s) - started))
    size="$(du -sh site/dist | cut -f1)"
    cache="$(deno eval 'const m = JSON.parse(Deno.readTextFileSync("site/dist/offline-manifest.json"));
console.log(`${m.files} files, ${(m.bytes / 1e6).toFixed(1)} MB`)' 2>/dev/null)"
    ok "site built in ${seconds} s: site/dist is ${size}; offline cache ${cache}"
  else
    bad "the site did not build: see /tmp/preflight-build.log"
  fi
fi

if [ "$SKIP_KIT" = 0 ]; then
  step "Exercise kit self-check (deno task grade --solutions)"
  if deno task grade --solutions >/tmp/preflight-kit.log 2>&1; then
    ok "every reference solution passes its exercise's tests"
  else
    bad "the kit's self-check failed: see /tmp/preflight-kit.log"
  fi
fi

step "Network"
if deno eval "Deno.listen({ hostname: '0.0.0.0', port: ${PORT} }).close()" >/dev/null 2>&1; then
  ok "port ${PORT} is free"
else
  bad "port ${PORT} is in use (an earlier deno task start?): stop it or use --port"
fi
lan="$(deno eval 'console.log(Deno.networkInterfaces().filter((i) => i.family === "IPv4" &&
  !i.address.startsWith("127.")).map((i) => `http://${i.address}:'"${PORT}"'/`).join(" "))' 2>/dev/null)"
if [ -n "$lan" ]; then
  ok "LAN address(es) for learners: ${lan} (deno task start --host 0.0.0.0)"
else
  RESULTS+=("· no LAN address yet: connect to the room's network, then run deno task start --host 0.0.0.0")
fi

echo
echo "Pre-flight summary"
printf '  %s\n' "${RESULTS[@]}"
exit "$FAILED"
