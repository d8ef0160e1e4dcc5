package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Many Check calls released at the same instant, for tests of what must hold under concurrency. */
final class AtOnce {

  private AtOnce() {}

  /** Sends {@code count} calls from as many threads at once; the responses in call order. */
  static List<CheckResponse> send(int count, IntFunction<Callable<CheckResponse>> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CheckResponse>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Callable<CheckResponse> one = call.apply(i);
        futures.add(pool.submit(() -> {
          start.await();
          return one.call();
        }));
      }
      start.countDown();
      List<CheckResponse> responses = new ArrayList<>();
      for (Future<CheckResponse> future : futures) {
        responses.add(future.get());
      }
      return responses;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Exactly {@code limit} allowed. Every other call is refused as budget_exceeded, or, once the
   * shipped rule has counted five of those denies, as quarantined: which of the two a late call
   * gets depends on whether the earlier denies were recorded before it was judged.
   */
  static void assertBudgetHeld(List<CheckResponse> responses, int limit) {
    assertThat(responses.stream().filter(CheckResponse::hasOkResponse)).hasSize(limit);
    List<CheckResponse> refused = responses.stream().filter(r -> !r.hasOkResponse()).toList();
    assertThat(refused).hasSize(responses.size() - limit);
    List<CheckResponse> overBudget = refused.stream().filter(r -> !isQuarantined(r)).toList();
    assertThat(overBudget).hasSizeGreaterThanOrEqualTo(5).allSatisfy(SessionFlowTest::assertBudgetExceeded);
  }

  private static boolean isQuarantined(CheckResponse response) {
    return "quarantined".equals(Responses.deniedBody(response).path("error").path("data").path("reasons").path(0).asText());
  }
}
