#!/usr/bin/env bash
# The viewer's checks (scripts/test.sh runs `cmd/simview/ci.sh all`):
#
#   install  apt-get what the viewer needs, only what is missing (X11 and GL
#            headers for ebiten's cgo build, Xvfb, Mesa's software renderer,
#            Chromium, the Noto CJK fonts, Node.js), and playwright-core
#            from npm into cmd/simview/browsercheck/node_modules (gitignored)
#   test     the Chinese-label test with the font required; the browser build
#            (go run ./cmd/simview/mkweb); the `viewer`-tagged tests under
#            xvfb-run (a real window: frames, scripted keys, a lever that
#            changes the model, a screenshot with pixel checks); `sim record`
#            twice (same GIF bytes) and a PNG still; `simview --web` served
#            on 127.0.0.1 and loaded in headless Chromium (frames drawn, ms
#            per update+draw, a screenshot)
#   all      install, then test
#
# Screenshots go to $TIAOKUAI_SHOTS (default /tmp/tiaokuai-shots).
# Idempotent: a second run installs nothing and reuses the Go build cache.
set -euo pipefail
cd "$(dirname "$0")/../.."

shots=${TIAOKUAI_SHOTS:-/tmp/tiaokuai-shots}
pkgs="gcc libc6-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev xvfb xauth libgl1-mesa-dri chromium fonts-noto-cjk"

install() {
  local missing="" p
  for p in $pkgs; do
    # installed, not merely known to dpkg (a removed package keeps its
    # config files and a status that dpkg -s accepts)
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
  done
  # Node may come from Debian or elsewhere: only its commands matter.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing="$missing nodejs npm"
  fi
  if [ -n "$missing" ]; then
    echo "viewer: installing$missing"
    # apt-get update once: skip it if the lists are fresh (another section
    # of the test script may just have updated them).
    if ! find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null | grep -q .; then
      apt-get update -q >/dev/null
    fi
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
  else
    echo "viewer: system packages present"
  fi
  if [ ! -d cmd/simview/browsercheck/node_modules/playwright-core ]; then
    (cd cmd/simview/browsercheck && npm install --no-audit --no-fund --loglevel=error)
  fi
}

test_viewer() {
  mkdir -p "$shots"
  local t0
  t0=$(date +%s)
  echo "-- viewer: Chinese labels render (font required)"
  CGO_ENABLED=0 TIAOKUAI_REQUIRE_CJK=1 go test -count=1 -run 'Chinese' ./viz/raster/

  echo "-- viewer: browser build (glyph atlas, WebAssembly, wasm_exec.js)"
  go run ./cmd/simview/mkweb

  echo "-- viewer: tagged tests in a real window under Xvfb (Mesa, software GL)"
  local tmp
  tmp=$(mktemp -d)
  if ! CGO_ENABLED=1 TIAOKUAI_SHOTS="$shots" xvfb-run -a -s "-screen 0 1280x800x24" \
    go test -count=1 -timeout 10m -tags viewer -v ./viz/... ./cmd/simview/... >"$tmp/tagged.log" 2>&1; then
    cat "$tmp/tagged.log"
    echo "viewer: tagged tests failed" >&2
    return 1
  fi
  grep -E '^(--- |ok |FAIL)|frames/s|screenshot:|at a hall' "$tmp/tagged.log"

  echo "-- viewer: sim record (pure Go, no display): same scenario and seed, same GIF bytes"
  CGO_ENABLED=0 go build -o "$tmp/sim" ./cmd/sim
  "$tmp/sim" record classroom --frames 36 --size 960x540 --gif "$tmp/a.gif"
  "$tmp/sim" record classroom --frames 36 --size 960x540 --gif "$tmp/b.gif" >/dev/null
  cmp "$tmp/a.gif" "$tmp/b.gif"
  echo "GIF deterministic: $(sha256sum "$tmp/a.gif" | cut -c1-16) ($(stat -c %s "$tmp/a.gif") bytes)"
  cp "$tmp/a.gif" "$shots/record-classroom.gif"
  "$tmp/sim" record classroom --lang zh --at 1w10h --png "$shots/still-classroom-zh.png"

  echo "-- viewer: simview --web in headless Chromium"
  CGO_ENABLED=0 go build -o "$tmp/simview" ./cmd/simview # pure Go: serves the embedded browser build
  "$tmp/simview" --web --addr 127.0.0.1:0 2>"$tmp/web.log" &
  local pid=$! url="" i
  for i in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/web.log" || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    kill "$pid" 2>/dev/null || true
    cat "$tmp/web.log" >&2
    echo "simview --web did not start" >&2
    return 1
  fi
  local rc=0
  timeout 300 node cmd/simview/browsercheck/check.mjs "$url" "$shots/browser-classroom.png" 120 || rc=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
  [ "$rc" -eq 0 ] || { echo "browser check failed" >&2; return 1; }
  echo "viewer: screenshots in $shots"
  echo "viewer: tests finished in $(( $(date +%s) - t0 )) s"
}

case "${1:-all}" in
  install) install ;;
  test) test_viewer ;;
  all) install; test_viewer ;;
  *) echo "usage: $0 [all|install|test]" >&2; exit 2 ;;
esac
