package io.mcpauthz.pep;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.mcpauthz.pep.port.Caller;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads the names in the gRPC connection's TLS client certificate (verified by the handshake
 * against the server's trust store) and hands them to the Check call as its {@link Caller}.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerInterceptor implements ServerInterceptor {

  private static final Context.Key<Caller> CALLER = Context.key("mcp-authz-caller");
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Caller caller = callerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }

  /** The caller of the gRPC call being served; {@link Caller#NONE} outside one. */
  static Caller current() {
    Caller caller = CALLER.get();
    return caller == null ? Caller.NONE : caller;
  }

  static Caller callerOf(SSLSession session) {
    if (session == null) {
      return Caller.NONE;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? namesOf(leaf) : Caller.NONE;
    } catch (SSLPeerUnverifiedException e) {
      return Caller.NONE;
    }
  }

  static Caller namesOf(X509Certificate certificate) {
    Set<String> uris = new HashSet<>();
    Set<String> dnsNames = new HashSet<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      for (List<?> name : names == null ? List.<List<?>>of() : names) {
        int type = (Integer) name.get(0);
        if (type == SAN_URI) {
          uris.add((String) name.get(1));
        } else if (type == SAN_DNS) {
          dnsNames.add(((String) name.get(1)).toLowerCase(Locale.ROOT));
        }
      }
    } catch (CertificateParsingException e) {
      return Caller.NONE;
    }
    return new Caller(uris, dnsNames);
  }
}
