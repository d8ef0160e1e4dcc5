package io.mcpauthz.pdp.session;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;

/** Picks the store named by {@code mcp-authz.session.store}; an unknown name stops startup. */
@ApplicationScoped
class SessionStoreProducer {

  @Produces
  @ApplicationScoped
  SessionStore store(SessionConfig config, MeterRegistry registry) {
    List<Window> windows = windows(config);
    return switch (config.store()) {
      case "memory" -> new MemorySessionStore(config, windows, registry);
      default -> throw new IllegalStateException("mcp-authz.session.store must be memory, not " + config.store());
    };
  }

  /** The configured windows plus {@code total}, in the order the policy sees them. */
  static List<Window> windows(SessionConfig config) {
    List<Window> windows = new ArrayList<>();
    config.windows().forEach(name -> windows.add(Window.parse(name)));
    windows.add(Window.parse(Window.TOTAL));
    return windows;
  }
}
