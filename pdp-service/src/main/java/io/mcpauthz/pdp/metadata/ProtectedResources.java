package io.mcpauthz.pdp.metadata;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The configured protected resources, found by MCP server name (for challenges and audience
 * checks) or by metadata path and host (for the well-known endpoint).
 */
@Startup // configuration errors fail startup, not the first request
@ApplicationScoped
public class ProtectedResources {

  private static final Logger LOGGER = Logger.getLogger(ProtectedResources.class);

  private final Map<String, ProtectedResource> byServer = new HashMap<>();
  private final Map<String, List<ProtectedResource>> byPath = new HashMap<>();

  public ProtectedResources(ResourcesConfig config) {
    config.servers().forEach((server, resource) -> {
      ProtectedResource protectedResource = ProtectedResource.of(server, resource);
      byServer.put(server, protectedResource);
      byPath.computeIfAbsent(protectedResource.metadataPath(), p -> new ArrayList<>()).add(protectedResource);
      LOGGER.infof("protected resource server=%s resource=%s metadata=%s", server, protectedResource.resource(),
          protectedResource.metadataUrl());
    });
  }

  public Optional<ProtectedResource> forServer(String server) {
    return Optional.ofNullable(server == null ? null : byServer.get(server));
  }

  /**
   * @param path the request path, e.g. {@code /.well-known/oauth-protected-resource/github}
   * @param host the request's {@code host}, used only when several hosts share the path
   */
  public Optional<ProtectedResource> forMetadataPath(String path, String host) {
    List<ProtectedResource> candidates = byPath.getOrDefault(path, List.of());
    if (candidates.size() <= 1) {
      return candidates.stream().findFirst();
    }
    String authority = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return candidates.stream().filter(r -> r.authority().equals(authority)).findFirst();
  }
}
