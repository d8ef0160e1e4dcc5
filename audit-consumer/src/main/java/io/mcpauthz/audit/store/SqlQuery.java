package io.mcpauthz.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL text (built only from constants and whitelists) and its bound parameters. */
public record SqlQuery(String sql, List<Object> params) {

  public SqlQuery {
    params = List.copyOf(params);
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      Object param = params.get(i);
      if (param instanceof String s) {
        ps.setString(i + 1, s);
      } else if (param instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (param instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        throw new IllegalArgumentException("unsupported parameter type " + param.getClass());
      }
    }
    return ps;
  }
}
