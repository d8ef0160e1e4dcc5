package io.mcpauthz.pdp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpauthz.pep.port.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedCallersTest {

  private static final String GATEWAY = "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway";

  private static TrustedCallers allowing(String... names) {
    return new TrustedCallers(() -> names.length == 0 ? Optional.empty() : Optional.of(List.of(names)));
  }

  @Test
  void shouldAdmitEveryCallerWithoutAnAllowList() {
    assertThat(allowing().admits(Caller.NONE)).isTrue();
  }

  @Test
  void shouldAdmitACallerWhoseUriNameIsListed() {
    assertThat(allowing(GATEWAY, "envoy.example.com").admits(new Caller(Set.of(GATEWAY), Set.of()))).isTrue();
  }

  @Test
  void shouldAdmitACallerWhoseDnsNameIsListedInAnyCase() {
    assertThat(allowing("Envoy.Example.com").admits(new Caller(Set.of(), Set.of("envoy.example.com")))).isTrue();
  }

  @Test
  void shouldRefuseACallerWithoutACertificateOnceAListIsSet() {
    assertThat(allowing(GATEWAY).admits(Caller.NONE)).isFalse();
  }

  @Test
  void shouldRefuseNamesThatOnlyResembleAListedOne() {
    TrustedCallers callers = allowing(GATEWAY);

    assertThat(callers.admits(new Caller(Set.of(GATEWAY + "-evil", GATEWAY.toUpperCase()), Set.of()))).isFalse();
    assertThat(callers.admits(new Caller(Set.of(), Set.of(GATEWAY)))).as("a URI entry never matches a DNS name")
        .isFalse();
  }

  @Test
  void shouldNotLetABlankEntryAdmitEveryone() {
    assertThat(allowing(" ", GATEWAY).admits(new Caller(Set.of(), Set.of("")))).isFalse();
  }
}
