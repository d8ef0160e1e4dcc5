package io.mcpauthz.audit.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a batch's event times into a few ranges, so that one old event (a redelivery from an
 * old spool backlog, say) does not widen the range of stored rows read to everything in between:
 * the largest gaps of more than {@link #MIN_GAP_MICROS} between consecutive times become splits,
 * at most {@link #MAX_RANGES} ranges in all. Every time lies in exactly one range.
 */
final class TimeRanges {

  /** Gaps shorter than this are read through: at 50 000 events/s, a second is ~50 000 stored rows. */
  static final long MIN_GAP_MICROS = 1_000_000;

  /** Each range is one more scan of the batch's keys in the lookup; beyond this, gaps are read through. */
  static final int MAX_RANGES = 8;

  /** Inclusive at both ends, microseconds since the epoch. */
  record Range(long first, long last) {
  }

  private TimeRanges() {
  }

  static List<Range> of(long[] micros) {
    if (micros.length == 0) {
      return List.of();
    }
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    List<Integer> splits = new ArrayList<>(); // index i: a split between sorted[i - 1] and sorted[i]
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] - sorted[i - 1] > MIN_GAP_MICROS) {
        splits.add(i);
      }
    }
    if (splits.size() >= MAX_RANGES) {
      splits.sort((a, b) -> Long.compare(sorted[b] - sorted[b - 1], sorted[a] - sorted[a - 1]));
      splits = new ArrayList<>(splits.subList(0, MAX_RANGES - 1));
      splits.sort(null);
    }
    List<Range> ranges = new ArrayList<>(splits.size() + 1);
    int start = 0;
    for (int split : splits) {
      ranges.add(new Range(sorted[start], sorted[split - 1]));
      start = split;
    }
    ranges.add(new Range(sorted[start], sorted[sorted.length - 1]));
    return ranges;
  }
}
