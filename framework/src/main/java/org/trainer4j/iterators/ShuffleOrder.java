package org.trainer4j.iterators;

import java.util.SplittableRandom;

/**
 * Per-epoch shuffling derived from a seed and the epoch number alone, so an iterator restored from
 * a snapshot shuffles later epochs exactly as the uninterrupted run would, with no RNG state saved.
 */
final class ShuffleOrder {

  private ShuffleOrder() {}

  /** A permutation of {@code [0, size)} for {@code epoch}; the same inputs give the same order. */
  static int[] forEpoch(long seed, int epoch, int size) {
    // One independent stream per (seed, epoch): SplittableRandom scrambles its seed, so
    // neighbouring seeds give unrelated sequences.
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
