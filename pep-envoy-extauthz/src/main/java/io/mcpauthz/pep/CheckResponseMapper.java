package io.mcpauthz.pep;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.mcpauthz.pep.port.Verdict;
import java.util.Map;

/** Turns a {@link Verdict} into Envoy's {@link CheckResponse}. */
public final class CheckResponseMapper {

  private CheckResponseMapper() {}

  public static CheckResponse toCheckResponse(Verdict verdict) {
    CheckResponse.Builder response = CheckResponse.newBuilder().setDynamicMetadata(metadata(verdict.metadata()));
    if (verdict instanceof Verdict.Allow allow) {
      return response
          .setStatus(Status.newBuilder().setCode(Code.OK_VALUE))
          .setOkResponse(okResponse(allow))
          .build();
    }
    Verdict.Deny deny = (Verdict.Deny) verdict;
    return response
        .setStatus(Status.newBuilder().setCode(grpcCode(deny.status())))
        .setDeniedResponse(deniedResponse(deny))
        .build();
  }

  /** Envoy removes after it sets: a removal of a header also set would drop the new value too. */
  private static OkHttpResponse okResponse(Verdict.Allow allow) {
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    allow.headersToRemove().stream().filter(name -> !allow.headersToSet().containsKey(name))
        .forEach(ok::addHeadersToRemove);
    allow.headersToSet().forEach((name, value) -> ok.addHeaders(overwrite(name, value)));
    return ok.build();
  }

  private static DeniedHttpResponse deniedResponse(Verdict.Deny deny) {
    DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
        .setStatus(HttpStatus.newBuilder().setCode(statusCode(deny.status())))
        .setBody(deny.body());
    deny.headers().forEach((name, value) -> denied.addHeaders(overwrite(name, value)));
    return denied.build();
  }

  private static HeaderValueOption overwrite(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  /** Lands in Envoy's dynamic metadata under the ext_authz filter's namespace. */
  private static Struct metadata(Map<String, String> fields) {
    Struct.Builder struct = Struct.newBuilder();
    fields.forEach((key, value) -> {
      if (value != null) {
        struct.putFields(key, Value.newBuilder().setStringValue(value).build());
      }
    });
    return struct.build();
  }

  /** Envoy only looks at OK vs. not OK; the code helps humans reading gRPC logs. */
  private static int grpcCode(int httpStatus) {
    return switch (httpStatus) {
      case 400, 413 -> Code.INVALID_ARGUMENT_VALUE;
      case 401 -> Code.UNAUTHENTICATED_VALUE;
      case 503 -> Code.UNAVAILABLE_VALUE;
      default -> Code.PERMISSION_DENIED_VALUE;
    };
  }

  private static StatusCode statusCode(int httpStatus) {
    StatusCode code = StatusCode.forNumber(httpStatus);
    return code == null ? StatusCode.Forbidden : code;
  }
}
