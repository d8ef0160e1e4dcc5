package io.mcpauthz.pdp.transport;

import io.mcpauthz.pep.port.Caller;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The client-certificate allow-list of the ext_authz gRPC server. An allowed Check returns a
 * freshly minted upstream token, so whoever may call the PDP must be a proxy the operator named.
 */
@ApplicationScoped
public class TrustedCallers {

  private static final Logger LOGGER = Logger.getLogger(TrustedCallers.class);

  private final List<String> uris;
  private final List<String> dnsNames;
  private final boolean restricted;

  TrustedCallers(CallerConfig config) {
    List<String> allowed = config.allowed().orElse(List.of()).stream().map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    this.restricted = !allowed.isEmpty();
    this.uris = allowed.stream().filter(TrustedCallers::isUri).toList();
    this.dnsNames = allowed.stream().filter(s -> !isUri(s)).map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether {@code caller} may ask: always when no allow-list is set, else when one name matches. */
  public boolean admits(Caller caller) {
    if (!restricted) {
      return true;
    }
    return caller.uris().stream().anyMatch(uris::contains) || caller.dnsNames().stream().anyMatch(dnsNames::contains);
  }

  void warnAboutExposure(@Observes StartupEvent started,
      @ConfigProperty(name = "quarkus.grpc.server.host") String host,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.certificate") Optional<String> certificate,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.key-store") Optional<String> keyStore,
      @ConfigProperty(name = "quarkus.grpc.server.ssl.client-auth", defaultValue = "NONE") String clientAuth) {
    boolean tls = certificate.isPresent() || keyStore.isPresent();
    if (!tls && !isLoopback(host)) {
      LOGGER.warnf("ext_authz gRPC listens on %s without TLS: anyone who reaches it can ask for decisions and "
          + "minted upstream tokens; set quarkus.grpc.server.ssl.* or keep it behind a mesh sidecar", host);
    }
    if (restricted && !"REQUIRED".equalsIgnoreCase(clientAuth)) {
      LOGGER.warnf("mcp-authz.callers.allowed is set but gRPC client-auth is %s: a caller without a client "
          + "certificate is refused on every Check", clientAuth);
    }
  }

  private static boolean isUri(String entry) {
    return entry.contains("://");
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
