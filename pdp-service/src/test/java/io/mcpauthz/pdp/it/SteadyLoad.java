package io.mcpauthz.pdp.it;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Check calls one after the other against a PDP, allowed and denied alike, for as long as it
 * runs; remembers the decision id of every call the PDP answered and when it answered. Calls
 * that find the PDP down (stopped, killed, restarting) are not answered, and retried.
 */
final class SteadyLoad implements AutoCloseable {

  private final PdpProcess pdp;
  private final String token = TestKeys.token("loadgen", "dev");
  private final Map<String, Long> answered = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  SteadyLoad(PdpProcess pdp) {
    this.pdp = pdp;
    this.thread = new Thread(this::run, "steady-load");
    thread.start();
  }

  private void run() {
    int i = 0;
    while (running) {
      i++;
      EnvoyCheck call = i % 4 == 0
          ? EnvoyCheck.toolCall(i, "delete_repo", "{\"repo\":\"acme/api\"}").bearer(token) // denied
          : EnvoyCheck.toolCall(i, "create_issue", "{\"title\":\"t" + i + "\"}").bearer(token);
      try {
        CheckResponse response = pdp.check(call);
        answered.put(Responses.decisionId(response), System.nanoTime());
      } catch (RuntimeException down) {
        // a pause, not a wait for anything: retrying a stopped PDP at full speed would starve the
        // restarting one of CPU on a small machine
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  /** Decision id → System.nanoTime() when the PDP's answer arrived. */
  Map<String, Long> answered() {
    return Map.copyOf(answered);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(60_000);
  }
}
