package io.mcpauthz.audit.store;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dimensions stats may group by: a whitelist, each naming its column. */
public enum GroupBy {
  DECISION,
  STATUS,
  ACTION_CLASS,
  SUBJECT,
  CLIENT_ID,
  SERVER,
  TOOL,
  MCP_METHOD,
  SESSION_ID,
  /** One count per reason code: an event with two reasons counts in both groups. */
  REASON;

  /** The parameter value and the column (or unnested alias) it selects. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GroupBy parse(String value) {
    for (GroupBy g : values()) {
      if (g.column().equals(value)) {
        return g;
      }
    }
    throw new AuditException(ErrorCode.PARAMETER_INVALID, "group_by must be among " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(GroupBy::column).collect(Collectors.joining(", "));
  }
}
