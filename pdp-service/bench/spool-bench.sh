#!/usr/bin/env bash
# What the decision spool adds per event: the append on the decision path and the group-commit
# fsync beside it (see docs/benchmarks.md).
#   pdp-service/bench/spool-bench.sh [events] [events-per-second] [directory on the disk to measure]
exec "$(dirname "$0")/test-main.sh" io.mcpauthz.pdp.event.spool.SpoolBench "$@"
