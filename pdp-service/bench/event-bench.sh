#!/usr/bin/env bash
# CPU cost of scrubbing and size-capping one decision event (see docs/benchmarks.md).
#   pdp-service/bench/event-bench.sh
# Compiles the module and its test classes, then runs EventScrubBench on one thread.
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.event.EventScrubBench "$@"
