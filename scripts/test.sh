#!/usr/bin/env bash
# The project's test command (README "Set-up"): installs what the tests
# need, then runs every test. CI (.ci/run) calls exactly this.
#
# Today the tests need only Go (the module's dependencies come from the Go
# module proxy). The viewer, when it lands, is built only with the build tag
# `viewer`; this script will then install Xvfb and the X11 headers and run
# its tests under xvfb-run.
#
# Environment: TIAOKUAI_LONG=1 also runs the long checks (megacity, scaling,
# 10⁷-customer statistics at full length); they are reported, not gated.
set -euo pipefail
cd "$(dirname "$0")/.."

export CGO_ENABLED=0   # the sim command and its packages must build without cgo
echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 30m ./... 2>&1 | tee /tmp/tiaokuai-test.log
echo "== sim builds headless without cgo and without ebiten"
go build -o /dev/null ./cmd/sim
if go list -deps ./cmd/sim | grep -q hajimehoshi/ebiten; then
  echo "cmd/sim depends on ebiten" >&2
  exit 1
fi
