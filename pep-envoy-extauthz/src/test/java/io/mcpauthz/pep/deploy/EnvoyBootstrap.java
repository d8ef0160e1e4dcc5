package io.mcpauthz.pep.deploy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StderrAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Envoy YAML into Envoy's own protos, as strictly as Envoy does at startup: an unknown
 * field, an unknown {@code @type}, a wrong value type or an unknown enum value is an error.
 */
final class EnvoyBootstrap {

  static final String EXT_AUTHZ = "envoy.filters.http.ext_authz";
  static final String HCM_TYPE = typeUrl(HttpConnectionManager.getDescriptor().getFullName());

  /** Every type a shipped config packs into an {@code Any}; add new ones here. */
  static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(ExtAuthz.getDescriptor())
      .add(ExtAuthzPerRoute.getDescriptor())
      .add(Router.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .add(UpstreamTlsContext.getDescriptor())
      .add(StdoutAccessLog.getDescriptor())
      .add(StderrAccessLog.getDescriptor())
      .add(FileAccessLog.getDescriptor())
      .build();

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().usingTypeRegistry(TYPES);

  private EnvoyBootstrap() {
  }

  static Bootstrap parse(String yaml) throws IOException {
    return parse(yaml, Bootstrap.newBuilder()).build();
  }

  /** Merges a YAML fragment into any Envoy message builder (for EnvoyFilter patches). */
  static <B extends Message.Builder> B parse(String yaml, B builder) throws IOException {
    PARSER.merge(DeployFiles.yamlTree(yaml).toString(), builder);
    return builder;
  }

  static String print(Message message) {
    try {
      return JsonFormat.printer().usingTypeRegistry(TYPES).print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("expected " + type.getSimpleName() + " but got " + any.getTypeUrl(), e);
    }
  }

  static String typeUrl(String fullName) {
    return "type.googleapis.com/" + fullName;
  }

  /** A connection manager together with the listener that carries it. */
  record Hcm(Listener listener, HttpConnectionManager config) {

    /** The first ext_authz filter of this connection manager. */
    ExtAuthz extAuthz() {
      HttpFilter filter = config.getHttpFiltersList().stream()
          .filter(f -> f.getName().equals(EXT_AUTHZ))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + EXT_AUTHZ + " filter"));
      return unpack(filter.getTypedConfig(), ExtAuthz.class);
    }
  }

  static List<Hcm> connectionManagers(Bootstrap bootstrap) {
    List<Hcm> found = new ArrayList<>();
    for (Listener listener : bootstrap.getStaticResources().getListenersList()) {
      for (FilterChain chain : listener.getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getTypedConfig().getTypeUrl().equals(HCM_TYPE)) {
            found.add(new Hcm(listener, unpack(filter.getTypedConfig(), HttpConnectionManager.class)));
          }
        }
      }
    }
    return found;
  }
}
