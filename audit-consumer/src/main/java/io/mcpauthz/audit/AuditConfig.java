package io.mcpauthz.audit;

import io.mcpauthz.audit.store.DuckDb;
import io.mcpauthz.audit.store.ExportSlots;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the audit consumer, keys under {@code mcp-authz.audit.*}. */
@ConfigMapping(prefix = "mcp-authz.audit")
public interface AuditConfig {

  /** Where decisions are indexed. */
  enum Store {
    /** An embedded DuckDB file ({@link #database()}): one consumer process. */
    DUCKDB,
    /** A PostgreSQL server ({@link #postgresql()}): several replicas in one group share it. */
    POSTGRESQL
  }

  @WithDefault("duckdb")
  Store store();

  /** The PostgreSQL index, when {@code store=postgresql}. */
  Postgresql postgresql();

  interface Postgresql {
    /** JDBC URL, e.g. {@code jdbc:postgresql://db.example.com:5432/audit}. */
    @WithDefault("jdbc:postgresql://127.0.0.1:5432/mcp_authz_audit")
    String url();

    @WithDefault("mcp_authz_audit")
    String user();

    /** Never logged; prefer the environment ({@code MCP_AUTHZ_AUDIT_POSTGRESQL_PASSWORD}). */
    Optional<String> password();

    /**
     * The trigram index that serves free text ({@code q}); false drops it: the writer is faster,
     * free text gives the same answers from a scan ({@code TrigramIndex}, docs/audit.md).
     */
    @WithDefault("true")
    boolean textIndex();

    /**
     * The query timeout of PostgreSQL's API reads, {@code statement_timeout} on the server: the
     * name of {@link AuditConfig#queryTimeout()} before DuckDB had one, kept as an alias (it
     * follows that setting; set, it wins for PostgreSQL).
     */
    @WithDefault("${mcp-authz.audit.query-timeout}")
    Duration queryTimeout();

    /** The pool of connections the API's reads share ({@code PostgresPool}). */
    Pool pool();

    interface Pool {
      /** Most connections the API's reads hold at once; a read waits for one up to {@link #acquisitionTimeout}. */
      @WithDefault("8")
      int maxSize();

      /** Longest a read waits for a free connection; then it is answered 503 {@code store_busy}. */
      @WithDefault("5s")
      Duration acquisitionTimeout();

      /** A connection unused this long is closed (a new one pays the partitions' catalog load once more). */
      @WithDefault("10m")
      Duration idleTimeout();

      /** A connection is replaced after this long, however busy: bounds each server session's memory. */
      @WithDefault("30m")
      Duration maxLifetime();
    }
  }

  /**
   * Longest an API read (search, stats, sessions, one decision, the health probe) may run, then
   * {@code 503 query_timeout}; 0 for none. PostgreSQL ends it on the server (the writers share
   * it), DuckDB with a timer of the read's own (ingest shares the process). Exports have their
   * own bound ({@link Export#maxDuration()}).
   */
  @WithDefault("30s")
  Duration queryTimeout();

  /** Streamed exports ({@code /api/v1/decisions/export}). */
  Export export();

  interface Export {
    /**
     * Longest one export streams (0: no bound); then it ends with a truncation marker as its
     * last line (docs/audit.md, "Export"), so that a cut stream never looks complete.
     */
    @WithDefault("10m")
    Duration maxDuration();

    /**
     * Longest one write to the export's client may stay blocked (0: no bound) before the client
     * counts as gone and its connection is reset ({@code StalledClientCut}); past
     * {@link #maxDuration()}, one second is enough.
     */
    @WithDefault("30s")
    Duration stallTimeout();

    /**
     * Most exports this replica streams at once (at least 1); one more is refused at once with
     * {@code 503 store_busy} ({@code ExportSlots}): each holds a store connection while it streams.
     */
    @WithDefault(ExportSlots.DEFAULT_MAX)
    int maxConcurrent();

    /**
     * Most of those one subject (the token's {@code sub}) streams at once (at least 1), so that
     * one auditor cannot hold every slot; one more is refused with {@code 503 store_busy}.
     */
    @WithDefault(ExportSlots.DEFAULT_MAX_PER_SUBJECT)
    int maxPerSubject();
  }

  /**
   * Days to keep decisions (by event {@code time}); older ones are deleted hourly. 0 keeps
   * everything.
   */
  @WithDefault("0")
  int retentionDays();

  /** How often the retention sweep runs. */
  @WithDefault("1h")
  Duration retentionInterval();

  /** DuckDB file; parent directories are created at startup. */
  @WithDefault(".run/audit/decisions.duckdb")
  String database();

  /** DuckDB's {@code checkpoint_threshold}: the WAL size that triggers a checkpoint ({@code DuckDb}). */
  @WithDefault(DuckDb.DEFAULT_CHECKPOINT_THRESHOLD)
  String checkpointThreshold();

  /** Topic the PDP publishes decision events to. */
  @WithDefault("mcp-authz.decisions")
  String topic();

  /**
   * Dead-letter topic: records that cannot be parsed or stored go here with the error in
   * their headers, so ingestion continues and nothing is lost.
   */
  @WithDefault("mcp-authz.decisions.dlq")
  String dlqTopic();

  /** Consumer group; its committed offsets are the indexing progress. */
  @WithDefault("mcp-authz-audit")
  String group();

  /** Kafka bootstrap servers; application.properties points this at {@code kafka.bootstrap.servers}. */
  @WithDefault("localhost:9092")
  String bootstrapServers();

  /** Longest a single poll waits for records. */
  @WithDefault("1s")
  Duration pollTimeout();

  /**
   * Most records one poll returns, and so one store transaction holds. A transaction has a
   * high fixed cost in DuckDB (commit, WAL sync), so a backlog is indexed in large batches.
   */
  @WithDefault("10000")
  int maxPollRecords();

  /**
   * Most bytes one fetch brings per partition (Kafka's {@code max.partition.fetch.bytes}):
   * large enough that a backlogged partition fills a whole {@link #maxPollRecords()} batch.
   */
  @WithDefault("8388608")
  int maxPartitionFetchBytes();

  /**
   * Bytes the broker gathers before it answers a fetch (Kafka's {@code fetch.min.bytes}), so
   * that under load a poll brings a batch, not a handful: each DuckDB transaction has a fixed cost.
   */
  @WithDefault("65536")
  int fetchMinBytes();

  /**
   * Longest the broker holds a fetch while fewer than {@link #fetchMinBytes()} are there
   * (Kafka's {@code fetch.max.wait.ms}): the most a lone event waits before it is indexed.
   */
  @WithDefault("100ms")
  Duration fetchMaxWait();

  /**
   * How long the group waits for a silent member (Kafka's {@code session.timeout.ms}) before
   * its partitions go to another replica: the takeover delay after a replica crashed.
   */
  @WithDefault("45s")
  Duration sessionTimeout();

  /** Pause before the consumer is rebuilt after a failure (Kafka or store down). */
  @WithDefault("5s")
  Duration retryBackoff();
}
