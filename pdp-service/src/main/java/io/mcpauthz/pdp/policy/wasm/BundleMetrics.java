package io.mcpauthz.pdp.policy.wasm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happened to policy bundles, at {@code /q/metrics}: {@code
 * mcp_authz_policy_bundle_activations_total}, {@code mcp_authz_policy_bundle_failures_total} by
 * stage ({@code download}: the bundle could not be fetched or read; {@code activation}: it did
 * not compile, warm or answer the probe), {@code mcp_authz_policy_bundle_not_modified_total}
 * (a bundle server's 304s), {@code mcp_authz_policy_bundle_last_activation_seconds} (Unix
 * time of the last successful activation, 0 before the first: alert when it is 0 or old) and
 * {@code mcp_authz_policy_bundle_refused} (1 while the bundle server offers a bundle that did not
 * load, so an older one serves; it is compiled, logged and counted as a failure once).
 */
final class BundleMetrics {

  private final MeterRegistry registry;
  private final Counter activations;
  private final Counter notModified;
  private final AtomicReference<Instant> lastActivation = new AtomicReference<>();
  private final AtomicBoolean refusedOffered = new AtomicBoolean();

  BundleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.activations = Counter.builder("mcp_authz_policy_bundle_activations")
        .description("Policy bundles compiled, warmed and swapped in").register(registry);
    this.notModified = Counter.builder("mcp_authz_policy_bundle_not_modified")
        .description("Bundle server polls answered 304 Not Modified").register(registry);
    Gauge.builder("mcp_authz_policy_bundle_last_activation_seconds", lastActivation,
            last -> last.get() == null ? 0 : last.get().toEpochMilli() / 1000.0)
        .description("Unix time of the last successful bundle activation; 0 before the first")
        .register(registry);
    Gauge.builder("mcp_authz_policy_bundle_refused", refusedOffered, refused -> refused.get() ? 1 : 0)
        .description("1 while the bundle server offers a bundle that did not load (an older one serves), else 0")
        .register(registry);
  }

  /** @param refused whether the bundle the server offers now is one that did not load */
  void offersRefused(boolean refused) {
    refusedOffered.set(refused);
  }

  void activated() {
    lastActivation.set(Instant.now());
    activations.increment();
  }

  void notModified() {
    notModified.increment();
  }

  /** @param stage {@code download} or {@code activation} */
  void failed(String stage) {
    Counter.builder("mcp_authz_policy_bundle_failures")
        .description("Policy bundles that could not be fetched or activated; the serving one stayed")
        .tag("stage", stage).register(registry).increment();
  }
}
