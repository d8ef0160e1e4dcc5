package io.mcpauthz.audit.support;

import java.util.Map;

/** {@link AuditTestResource} with both SIEM projections on, each on a topic of the run's own. */
public class ProjectionTestResource extends AuditTestResource {

  @Override
  public Map<String, String> start() {
    Map<String, String> config = super.start();
    String topic = config.get("mcp-authz.audit.topic");
    String bootstrap = config.get("kafka.bootstrap.servers");
    for (String projection : new String[] {"ocsf", "ecs"}) {
      createTopic(bootstrap, topic + "." + projection);
      config.put("mcp-authz.audit.projection." + projection + ".enabled", "true");
      config.put("mcp-authz.audit.projection." + projection + ".topic", topic + "." + projection);
      String group = config.get("mcp-authz.audit.group") + "-" + projection;
      config.put("mcp-authz.audit.projection." + projection + ".group", group);
    }
    return config;
  }
}
