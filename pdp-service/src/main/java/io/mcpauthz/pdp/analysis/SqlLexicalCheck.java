package io.mcpauthz.pdp.analysis;

import java.util.Locale;
import java.util.Set;

/**
 * A scan of SQL text before it is parsed: whether it may be SQL at all (its first word starts a
 * statement), and whether it uses a construct that SQL dialects read differently. Where dialects
 * disagree on where a string or comment ends, the PDP could judge other code than the database
 * runs (MySQL's {@code --x} and {@code #} comments and {@code /*! *}{@code /} executable comments,
 * PostgreSQL's nested comments and {@code $$} strings, backslash escapes, SQL Server's
 * {@code [..]} names, JSqlParser's {@code //} comments), so such text is refused, not guessed.
 */
final class SqlLexicalCheck {

  /** Words that start a statement in some dialect; anything else is not analysed as SQL. */
  private static final Set<String> STATEMENT_WORDS = Set.of(
      "select", "with", "values", "table", "explain", "show", "describe", "desc", "insert", "update",
      "delete", "merge", "upsert", "replace", "create", "drop", "alter", "truncate", "grant", "revoke",
      "call", "exec", "execute", "copy", "set", "use", "lock", "vacuum", "analyze", "analyse", "pragma",
      "attach", "detach", "do", "begin", "commit", "rollback", "start", "declare", "prepare", "deallocate",
      "listen", "notify", "load", "import", "export", "reset", "comment", "refresh", "savepoint",
      "release", "reindex", "cluster", "checkpoint", "discard", "fetch", "move", "close", "rename",
      "optimize", "repair", "kill", "flush", "purge", "handler", "from", "summarize", "unload", "get",
      "put", "list", "remove", "undrop", "restore", "backup", "dbcc", "go", "if", "while", "return");

  private SqlLexicalCheck() {}

  /** Null when the text may be parsed; else the analysis error code. */
  static String problem(String sql) {
    String first = firstWord(sql);
    if (first == null || !STATEMENT_WORDS.contains(first)) {
      return "not_sql";
    }
    return ambiguity(sql) ? "ambiguous" : null;
  }

  /** The first word after whitespace, comments and opening parentheses, lower-case. */
  private static String firstWord(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return i == start ? null : sql.substring(start, i).toLowerCase(Locale.ROOT);
  }

  private static boolean ambiguity(String sql) {
    int n = sql.length();
    int brackets = 0;
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '\'' || c == '"' || c == '`') {
        if (brackets > 0) {
          return true; // [x'] is a name in SQL Server, a subscript and a string elsewhere
        }
        int end = quotedEnd(sql, i, c);
        if (end < 0) {
          return true;
        }
        i = end;
      } else if (c == '-' && next == '-') {
        char after = i + 2 < n ? sql.charAt(i + 2) : ' ';
        if (" \t\n\r".indexOf(after) < 0) {
          return true; // MySQL reads "--x" as minus minus x
        }
        int end = lineEnd(sql, i);
        if (end < n && sql.charAt(end) == '\r' && (end + 1 == n || sql.charAt(end + 1) != '\n')) {
          return true; // a lone CR ends the comment for JSqlParser and PostgreSQL, not for MySQL
        }
        i = end;
      } else if (c == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0 || i + 2 < n && sql.charAt(i + 2) == '!' || sql.substring(i + 2, end).contains("/*")) {
          return true; // unterminated, MySQL-executable or nested (PostgreSQL) comment
        }
        i = end + 2;
      } else if (c == '#' || c == '\\' || c == '/' && next == '/' || c == '$' && !Character.isDigit(next)) {
        return true;
      } else {
        brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
        i++;
      }
    }
    return false;
  }

  private static int lineEnd(String sql, int from) {
    for (int i = from; i < sql.length(); i++) {
      if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') {
        return i;
      }
    }
    return sql.length();
  }

  /** The index after the closing quote (a doubled quote escapes it); -1 when unterminated or escaped with \. */
  private static int quotedEnd(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        return -1; // an escape in MySQL, a plain character in standard SQL
      }
      if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }
}
