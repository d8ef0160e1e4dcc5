package io.mcpauthz.pdp.policy.wasm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few inputs the engine decided, as the JSON bytes given to the policy, to warm a new
 * bundle on: the JIT compiles what the warm-up runs, so warming on real traffic readies the paths
 * real traffic takes (a probe alone warms only the path of an anonymous ping). Kept in memory
 * only, never logged; a large input is not kept, so that callers cannot fill the heap with
 * their arguments or make the next reload's warm-up slow.
 */
final class RecentInputs {

  /** Larger inputs are not kept: typical decisions are a few KiB. */
  static final int MAX_INPUT_BYTES = 16 * 1024;

  private final AtomicReferenceArray<byte[]> inputs;
  private final AtomicInteger next = new AtomicInteger();

  RecentInputs(int capacity) {
    inputs = new AtomicReferenceArray<>(capacity);
  }

  void add(byte[] input) {
    if (input.length > MAX_INPUT_BYTES) {
      return;
    }
    inputs.set(Math.floorMod(next.getAndIncrement(), inputs.length()), input);
  }

  List<byte[]> snapshot() {
    List<byte[]> all = new ArrayList<>(inputs.length());
    for (int i = 0; i < inputs.length(); i++) {
      byte[] input = inputs.get(i);
      if (input != null) {
        all.add(input);
      }
    }
    return all;
  }
}
