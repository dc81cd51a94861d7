package org.trainer4j.extensions.minibatch;

/** The next size a goodput search times on the copies, from the sizes it timed and its argmax. */
final class GoodputNextSize {

  private GoodputNextSize() {}

  /**
   * Towards the argmax by at most the growth factor, or a growth step from the only size measured
   * (the model needs two); 0 when the bounds leave none. Below a size that failed it bisects the
   * gap (walking down took a failure per size) down to the settings' resolution.
   *
   * @param smallest the smallest feasible size the argmax ran over
   * @param best the size to move towards
   * @param lo the smallest timed size
   * @param hi the largest timed size
   * @param failedAbove the smallest size above {@code hi} that failed (or the largest int)
   */
  static int of(
      Prober prober,
      ThroughputSettings measurement,
      int smallest,
      int best,
      int lo,
      int hi,
      int failedAbove) {
    double growth = measurement.growthFactor();
    int up = 0;
    if ((best > hi || lo == hi) && failedAbove > hi * (1 + measurement.resolution())) {
      long bisected = hi + ((long) failedAbove - hi) / 2;
      // One timed size fits no line: its neighbour 33 (after 64 failed) told nothing, 48 does.
      long toward = lo == hi ? Long.MAX_VALUE : Math.max(best, hi + 1L);
      long aim = Math.min(toward, Math.round(hi * growth));
      int target = prober.clamp(Math.min(bisected, aim));
      up = target > hi ? target : prober.next(hi);
      up = up > hi ? up : 0;
    }
    int down = 0;
    if (best < lo || lo == hi) {
      int target = prober.clamp(Math.max(Math.min(best, lo - 1L), Math.round(lo / growth)));
      down = target < lo && target >= smallest ? target : 0;
    }
    if (best < lo) {
      return down > 0 ? down : up;
    }
    return up > 0 ? up : down;
  }
}
