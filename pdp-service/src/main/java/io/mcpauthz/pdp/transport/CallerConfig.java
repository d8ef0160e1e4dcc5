package io.mcpauthz.pdp.transport;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Which proxies may ask the PDP for decisions. */
@ConfigMapping(prefix = "mcp-authz.callers")
public interface CallerConfig {

  /**
   * Names a caller's TLS client certificate must carry one of: a URI name when the entry has a
   * scheme ({@code spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway}), else a DNS
   * name ({@code envoy.mcp.example.com}). Unset: any caller the transport admits (loopback, or
   * any certificate the gRPC trust store accepts).
   */
  Optional<List<String>> allowed();
}
