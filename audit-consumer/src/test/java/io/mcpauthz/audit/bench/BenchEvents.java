package io.mcpauthz.audit.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query bench's synthetic decisions as one INSERT … SELECT per million rows, generated inside
 * the database (DuckDB or PostgreSQL). Shaped like the PDP's events (every field of the contract,
 * ~900 bytes of JSON): a quarter denied, 20-event sessions, 5 000 subjects, 50 tools, 4 per
 * second from 2026-11-01, a repository argument shared by one event in 1 000. The event JSON and
 * its search_text are built from the same tree of SQL expressions, so they agree (QueryBench
 * checks a sample against {@code SearchText.of}).
 */
final class BenchEvents {

  static final long T0_US = 1_793_491_200_000_000L; // 2026-11-01T00:00:00Z
  static final long STEP_US = 250_000;
  static final int SUBJECTS = 5_000;
  static final int TOOLS = 50;
  static final int REPOS = 1_000;

  /** The SQL that differs between the two backends. */
  enum Dialect {
    DUCKDB("i // 20", "hash(%s)", "strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ')"),
    POSTGRESQL("i / 20", "abs(hashtext((%s)::text)::bigint)", "to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");

    final String session;
    final String hash;
    final String timeText;

    Dialect(String session, String hash, String timeText) {
      this.session = session;
      this.hash = hash;
      this.timeText = timeText;
    }
  }

  /**
   * How the fill's decision ids look: {@code d-<i>} (the default), random UUIDs (version 4, as the
   * PDP wrote them before) or time-ordered ones (version 7: the event's millisecond first). The
   * same id in SQL (md5 of {@code id<i>} for the random bits) and in Java, for the lookups.
   */
  enum Ids {
    SEQUENTIAL, RANDOM, TIME_ORDERED;

    static Ids of(String name) {
      return switch (name) {
        case "sequential" -> SEQUENTIAL;
        case "uuid4" -> RANDOM;
        case "uuid7" -> TIME_ORDERED;
        default -> throw new IllegalArgumentException("--ids=sequential|uuid4|uuid7, not " + name);
      };
    }

    String sql() {
      String h = "md5('id' || i)";
      return switch (this) {
        case SEQUENTIAL -> "'d-' || i";
        case RANDOM -> "substr(" + h + ", 1, 8) || '-' || substr(" + h + ", 9, 4) || '-4' || substr(" + h
            + ", 14, 3) || '-8' || substr(" + h + ", 18, 3) || '-' || substr(" + h + ", 21, 12)";
        case TIME_ORDERED -> {
          String ms = "lpad(lower(to_hex(" + T0_US / 1000 + " + i * " + STEP_US / 1000 + ")), 12, '0')";
          yield "substr(" + ms + ", 1, 8) || '-' || substr(" + ms + ", 9, 4) || '-7' || substr(" + h
              + ", 14, 3) || '-8' || substr(" + h + ", 18, 3) || '-' || substr(" + h + ", 21, 12)";
        }
      };
    }

    String id(long i) {
      String h = md5("id" + i);
      return switch (this) {
        case SEQUENTIAL -> "d-" + i;
        case RANDOM -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-8"
            + h.substring(17, 20) + "-" + h.substring(20, 32);
        case TIME_ORDERED -> {
          String p = "%012x".formatted(time(i) / 1000);
          yield p.substring(0, 8) + "-" + p.substring(8, 12) + "-7" + h.substring(13, 16) + "-8"
              + h.substring(17, 20) + "-" + h.substring(20, 32);
        }
      };
    }

    private static String md5(String text) {
      try {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private BenchEvents() {
  }

  /** Rows {@code [start, end)} into {@code decisions}, every column filled as the writers fill it. */
  static String insert(Dialect d, long start, long end) {
    return insert(d, Ids.SEQUENTIAL, start, end);
  }

  static String insert(Dialect d, Ids ids, long start, long end) {
    Map<String, Object> event = event(d);
    return "INSERT INTO decisions (decision_id, time, decision, status, action_class, subject, client_id, server,"
        + " tool, mcp_method, session_id, reasons, event, indexed_at, search_text)"
        + " SELECT id, ts, dec, status, ac, sub, client, server, tool, 'tools/call', session, ARRAY[rc], "
        + json(event) + ", ts, lower(" + String.join(" || chr(10) || ", values(event, new ArrayList<>())) + ")"
        + " FROM (SELECT *, " + d.timeText + " AS tstr FROM (SELECT i, make_timestamp(" + T0_US + " + i * "
        + STEP_US + ") AS ts, " + ids.sql() + " AS id,"
        + " CASE WHEN i % 4 = 0 THEN 'deny' ELSE 'allow' END AS dec,"
        + " CASE WHEN i % 4 = 0 THEN 403 ELSE 200 END AS status,"
        + " (ARRAY['read', 'update', 'admin'])[1 + i % 3] AS ac,"
        + " CASE WHEN i % 4 = 0 THEN 'role_not_granted' ELSE 'allowed' END AS rc,"
        + " 'user-' || (" + d.hash.formatted(d.session) + " % " + SUBJECTS + ") AS sub,"
        + " 'agent-' || (i % 200) AS client, 'server-' || (i % 10) AS server,"
        + " 'tool_' || (" + d.hash.formatted("i") + " % " + TOOLS + ") AS tool,"
        + " 'session-' || (" + d.session + ") AS session, md5('r' || i) AS req, md5('t' || i) AS trace,"
        + " 'Org/Repo-' || lpad(CAST(i % " + REPOS + " AS VARCHAR), 4, '0') AS repo"
        + " FROM generate_series(CAST(" + start + " AS BIGINT), CAST(" + (end - 1) + " AS BIGINT)) AS g(i)) AS p) AS q";
  }

  /** The time of event {@code i}, in microseconds. */
  static long time(long i) {
    return T0_US + i * STEP_US;
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** The search term of one repository (matches one event in {@link #REPOS}); none matches {@code 9999}. */
  static String repo(int n) {
    return "org/repo-%04d".formatted(n);
  }

  // Leaves: a SQL expression of a string ("s:"), of a number ("n:"), or null.
  private static Map<String, Object> event(Dialect d) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("schema", "s:'mcp-authz.decision/v1'");
    e.put("decision_id", "s:id");
    e.put("time", "s:tstr");
    e.put("decision", "s:dec");
    e.put("status", "n:status");
    e.put("action_class", "s:ac");
    e.put("reasons", List.of(obj("code", "s:rc", "message", "s:'decided by rule ' || rc || ' for ' || tool")));
    e.put("subject", obj("sub", "s:sub", "iss", "s:'https://idp.example.com/realms/mcp'", "client_id", "s:client",
        "roles", List.of("s:'dev'")));
    e.put("request", obj("id", "s:req", "method", "s:'POST'", "path", "s:'/mcp'", "host", "s:'mcp.example.com'",
        "source_address", "s:'10.1.' || (i % 250) || '.3'", "origin", null, "user_agent", "s:'agent/1.0'"));
    e.put("route", obj("server", "s:server"));
    e.put("mcp", obj("session_id", "s:session", "protocol_version", "s:'2025-11-25'", "kind", "s:'request'",
        "method", "s:'tools/call'", "id", "n:i % 100", "tool", "s:tool",
        "arguments", obj("repo", "s:repo", "title", "s:'Fix the build of ' || repo || ' (' || i || ')'"),
        "resource_uri", null, "prompt", null));
    e.put("policy", obj("revision", "s:'a1b2c3d'"));
    e.put("latency_us", "n:400 + i % 500");
    e.put("trace_id", "s:trace");
    return e;
  }

  private static Map<String, Object> obj(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  // No generated value needs JSON escaping (no quotes, backslashes or control characters).
  private static String json(Object node) {
    if (node instanceof Map<?, ?> m) {
      return m.entrySet().stream().map(en -> "'\"" + en.getKey() + "\":' || " + json(en.getValue()))
          .collect(Collectors.joining(" || ',' || ", "'{' || ", " || '}'"));
    }
    if (node instanceof List<?> l) {
      return l.stream().map(BenchEvents::json).collect(Collectors.joining(" || ',' || ", "'[' || ", " || ']'"));
    }
    if (node == null) {
      return "'null'";
    }
    String leaf = (String) node;
    String expr = "(" + leaf.substring(2) + ")";
    return leaf.startsWith("s:") ? "'\"' || " + expr + " || '\"'" : "CAST(" + expr + " AS VARCHAR)";
  }

  private static List<String> values(Object node, List<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.values().forEach(v -> values(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> values(v, out));
    } else if (node != null) {
      out.add("CAST((" + ((String) node).substring(2) + ") AS VARCHAR)");
    }
    return out;
  }
}
