package io.mcpauthz.pdp.identity;

import java.util.List;
import java.util.Map;

/** Who is acting, as far as a verified token says; {@link #ANONYMOUS} when none was presented. */
public record Subject(
    boolean authenticated,
    String sub,
    String iss,
    String clientId,
    List<String> roles,
    List<String> groups,
    List<String> scopes,
    List<String> amr,
    Map<String, Object> claims) {

  public static final Subject ANONYMOUS =
      new Subject(false, null, null, null, List.of(), List.of(), List.of(), List.of(), Map.of());
}
