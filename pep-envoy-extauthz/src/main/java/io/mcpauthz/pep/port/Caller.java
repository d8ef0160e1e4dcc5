package io.mcpauthz.pep.port;

import java.util.Set;

/**
 * Who sent the Check over the wire, as the TLS client certificate of the gRPC connection proves
 * it: the certificate's subject alternative names. Unlike {@link HttpCheck.Peer}, which is what
 * the caller claims about the end client, this is verified by the TLS handshake.
 *
 * @param uris     URI names, e.g. {@code spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway}
 * @param dnsNames DNS names, e.g. {@code envoy.mcp.example.com}
 */
public record Caller(Set<String> uris, Set<String> dnsNames) {

  /** A plaintext connection, or a certificate without names. */
  public static final Caller NONE = new Caller(Set.of(), Set.of());

  public Caller {
    uris = Set.copyOf(uris);
    dnsNames = Set.copyOf(dnsNames);
  }
}
