#!/usr/bin/env bash
# Query benchmark: the API's common queries over a large index, DuckDB or PostgreSQL (docs/benchmarks.md).
#   [QUERY_BENCH_HEAP=4g] audit-consumer/bench/query-bench.sh [--store=duckdb|postgresql] [--events=10000000] [--runs=50]
#     [--export=1000000] [--ingest=50000] [--ingest-batch=500] [--dir=<DuckDB: keep/reuse the filled index>]
#     [--postgres=host:port (default $MCP_AUTHZ_TEST_POSTGRES, else 127.0.0.1:15432)] [--database=query_bench]
#     [--fill=0: PostgreSQL as it is, missing or invalid indexes built] [--before=0: without the replaced SQL]
#     [--against=<database>: each query on another filled database too] [--pool=compare: each query also
#     on a new connection per read, as before the pool] [--index-sessions=2: days indexed at once while filling]
#     [--ids=sequential|uuid4|uuid7: decision ids d-<i>, random or time-ordered UUIDs (DuckDB; PostgreSQL: d-<i>)]
#     [--schema=keyed: DuckDB, a new file as earlier versions made it, primary key and session index]
# PostgreSQL: a running server where user postgres may connect without a password, e.g. the one
# start_postgres (deploy/local/lib.sh) starts; the filled database is kept for reruns.
# Needs the packaged jar's libraries (mvn -o -B -q -pl audit-consumer -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -B -q -pl audit-consumer test-compile
exec java -Xmx"${QUERY_BENCH_HEAP:-4g}" -cp "audit-consumer/target/test-classes:audit-consumer/target/classes:audit-consumer/target/quarkus-app/lib/main/*:audit-consumer/target/quarkus-app/lib/boot/*" \
  io.mcpauthz.audit.bench.QueryBench "$@"
