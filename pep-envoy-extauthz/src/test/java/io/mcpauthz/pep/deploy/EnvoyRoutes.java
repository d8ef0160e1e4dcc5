package io.mcpauthz.pep.deploy;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes of a connection manager with the ext_authz settings Envoy applies to each. */
final class EnvoyRoutes {

  /** Clusters of mcp-authz itself (the PDP's ports), which are not MCP servers. */
  static final String PDP_CLUSTER_PREFIX = "mcp_authz";

  private EnvoyRoutes() {
  }

  /**
   * One route as Envoy sees it: where it goes and the ext_authz per-route settings merged from
   * route configuration, virtual host and route, the more specific winning (Envoy's own rule).
   */
  record RouteView(String name, Route route, List<String> clusters, boolean disabled,
           Map<String, String> contextExtensions) {

    boolean reachesUpstream() {
      return route.hasRoute();
    }

    /** Reaches something other than mcp-authz's own clusters (or a cluster we cannot name). */
    boolean reachesMcpServer() {
      return reachesUpstream()
          && (clusters.isEmpty() || clusters.stream().anyMatch(c -> !c.startsWith(PDP_CLUSTER_PREFIX)));
    }

    Optional<String> mcpServer() {
      return Optional.ofNullable(contextExtensions.get("mcp_server")).filter(s -> !s.isBlank());
    }
  }

  static List<RouteView> of(HttpConnectionManager hcm) {
    if (!hcm.hasRouteConfig()) {
      throw new AssertionError("expected a static route_config (RDS cannot be checked here)");
    }
    RouteConfiguration config = hcm.getRouteConfig();
    List<RouteView> views = new ArrayList<>();
    for (VirtualHost vhost : config.getVirtualHostsList()) {
      for (Route route : vhost.getRoutesList()) {
        List<Map<String, Any>> levels = List.of(
            config.getTypedPerFilterConfigMap(),
            vhost.getTypedPerFilterConfigMap(),
            route.getTypedPerFilterConfigMap());
        views.add(view(vhost.getName() + "/" + route.getName(), route, levels));
      }
    }
    return views;
  }

  private static RouteView view(String name, Route route, List<Map<String, Any>> levels) {
    boolean disabled = false;
    Map<String, String> context = new LinkedHashMap<>();
    for (Map<String, Any> level : levels) {
      Any any = level.get(EnvoyBootstrap.EXT_AUTHZ);
      if (any == null) {
        continue;
      }
      ExtAuthzPerRoute perRoute = EnvoyBootstrap.unpack(any, ExtAuthzPerRoute.class);
      disabled = perRoute.getDisabled();
      context.putAll(perRoute.getCheckSettings().getContextExtensionsMap());
    }
    return new RouteView(name, route, clusters(route), disabled, context);
  }

  private static List<String> clusters(Route route) {
    if (!route.hasRoute()) {
      return List.of();
    }
    RouteAction action = route.getRoute();
    if (action.hasWeightedClusters()) {
      return action.getWeightedClusters().getClustersList().stream()
          .map(WeightedCluster.ClusterWeight::getName)
          .toList();
    }
    return action.getCluster().isEmpty() ? List.of() : List.of(action.getCluster());
  }
}
