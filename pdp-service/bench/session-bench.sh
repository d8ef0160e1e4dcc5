#!/usr/bin/env bash
# Session state benchmark: what the store adds to one decision, in memory and with a real
# redis-server on localhost (docs/benchmarks.md, "Session state").
#   pdp-service/bench/session-bench.sh [--store=memory|redis|both] [--iterations=50000] [--sessions=1000] [--rounds=4]
# Each store runs the claim before the views and beside them, alternated, and prints the ratio.
# Needs redis-server for the Redis part (./mcp-authz test installs it). Compiles only; runs no tests.
set -euo pipefail
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.session.SessionStoreBench "$@"
