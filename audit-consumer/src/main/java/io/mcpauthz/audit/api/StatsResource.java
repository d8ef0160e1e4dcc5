package io.mcpauthz.audit.api;

import io.mcpauthz.audit.store.Bucket;
import io.mcpauthz.audit.store.DecisionFilter;
import io.mcpauthz.audit.store.DecisionReader;
import io.mcpauthz.audit.store.GroupBy;
import io.mcpauthz.audit.store.StatsRow;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decision counts per time bucket and group, for dashboards. */
@Path("/api/v1/stats")
@RolesAllowed(Roles.AUDITOR)
public class StatsResource {

  static final int MAX_GROUPS = 4;
  static final int MAX_ROWS = 10_000;

  private final DecisionReader reader;

  public StatsResource(DecisionReader reader) {
    this.reader = reader;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public StatsResponse stats(@BeanParam FilterParams filters, @QueryParam("group_by") String groupBy,
      @QueryParam("bucket") String bucket) {
    DecisionFilter filter = filters.toFilter();
    List<GroupBy> groups = groups(Params.text("group_by", groupBy));
    String bucketText = Params.text("bucket", bucket);
    Bucket width = Bucket.parse(bucketText == null ? Bucket.HOUR.label() : bucketText);
    List<Map<String, Object>> items = new ArrayList<>();
    for (StatsRow row : reader.stats(filter, groups, width, MAX_ROWS)) {
      items.add(item(groups, row));
    }
    return new StatsResponse(groups.stream().map(GroupBy::column).toList(), width.label(),
        text(filter.from()), text(filter.to()), items);
  }

  /** Comma-separated, from the whitelist, duplicates dropped; default {@code decision}. */
  static List<GroupBy> groups(String value) {
    if (value == null) {
      return List.of(GroupBy.DECISION);
    }
    Set<GroupBy> groups = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      groups.add(GroupBy.parse(part.trim()));
    }
    if (groups.size() > MAX_GROUPS) {
      throw Params.invalid("group_by takes at most " + MAX_GROUPS + " dimensions");
    }
    return List.copyOf(groups);
  }

  private static Map<String, Object> item(List<GroupBy> groups, StatsRow row) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("bucket", Instant.EPOCH.plus(row.bucketMicros(), ChronoUnit.MICROS).toString());
    for (int i = 0; i < groups.size(); i++) {
      item.put(groups.get(i).column(), row.groups().get(i));
    }
    item.put("count", row.count());
    return item;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
