package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryCeilingTest {

  /** 100 MB base, 1 MB per example, 1 GB limit. */
  private static SimulatedTraining linearMemory() {
    return new SimulatedTraining(b -> 1e-3).memory(100_000_000L, 1_000_000L, 1_000_000_000L);
  }

  @Test
  void refusesNothingBeforeTwoSizesHaveBeenProbed() {
    SimulatedTraining sim = linearMemory();
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.2);
    ceiling.beforeProbe();
    sim.run(32, 1);
    ceiling.afterProbe(32);

    assertThat(ceiling.maxAllowed()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void extrapolatesTheGrowthPerExampleToTheLimitMinusTheMargin() {
    SimulatedTraining sim = linearMemory();
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.2);
    ceiling.beforeProbe();
    sim.run(32, 1);
    ceiling.afterProbe(32);
    ceiling.beforeProbe();
    sim.run(64, 1);
    ceiling.afterProbe(64);

    // 800 MB usable: (800 MB - 164 MB) / 1 MB more than 64.
    assertThat(ceiling.bytesPerExample()).isEqualTo(1_000_000.0);
    assertThat(ceiling.maxAllowed()).isEqualTo(700);
  }

  @Test
  void aBasePastTheReserveLineKeepsTheSizesThatRanInsteadOfRefusingThemAll() {
    // 900 MB held besides the batch against a line of 800 MB (1 GB less 20 %): no batch size can
    // restore the reserve, and the sizes that ran must stay allowed.
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-3).memory(900_000_000L, 1_000_000L, 1_000_000_000L);
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.2);
    for (int b : new int[] {32, 64}) {
      ceiling.beforeProbe();
      sim.run(b, 1);
      ceiling.afterProbe(b);
    }

    assertThat(ceiling.maxAllowed()).isEqualTo(64);
  }

  /**
   * 900 MB held besides a batch of 1 MB an example, 1 GB limit; {@link #reclaim} frees {@code
   * garbage} bytes of what is held, as a collection frees the off-heap buffers of dropped arrays.
   */
  private static final class GarbageHoldingGauge implements MemoryGauge {
    private long held = 900_000_000L;
    private long garbage;
    private int size;
    private int reclaims;

    GarbageHoldingGauge(long garbage) {
      this.garbage = garbage;
    }

    /** A probe at {@code b}: the next peak reading is the held bytes plus its batch. */
    void probe(int b) {
      size = b;
    }

    @Override
    public long usedBytes() {
      return held;
    }

    @Override
    public long peakUsedBytes() {
      return held + 1_000_000L * size;
    }

    @Override
    public long limitBytes() {
      return 1_000_000_000L;
    }

    @Override
    public void reclaim() {
      reclaims++;
      held -= garbage;
      garbage = 0;
    }

    @Override
    public String describe() {
      return "900 MB held";
    }
  }

  private static MemoryCeiling probedAt32And64(GarbageHoldingGauge gauge) {
    MemoryCeiling ceiling = new MemoryCeiling(gauge, 0.2);
    for (int b : new int[] {32, 64}) {
      ceiling.beforeProbe();
      gauge.probe(b);
      ceiling.afterProbe(b);
    }
    return ceiling;
  }

  @Test
  void aBasePastTheLineThatWasGarbageIsReclaimedOnceAndNoLongerRefusesLargerSizes() {
    // 600 of the 900 MB are garbage: after the reclaim 300 MB are held, and the 800 MB line leaves
    // room for (800 - 364) MB / 1 MB more than 64.
    GarbageHoldingGauge garbage = new GarbageHoldingGauge(600_000_000L);
    MemoryCeiling ceiling = probedAt32And64(garbage);

    assertThat(ceiling.maxAllowed()).isEqualTo(500);
    assertThat(ceiling.maxAllowed()).isEqualTo(500);
    assertThat(garbage.reclaims).isEqualTo(1);

    // All 900 MB in use: the reclaim frees nothing, and the sizes that ran stay the limit.
    GarbageHoldingGauge inUse = new GarbageHoldingGauge(0);
    MemoryCeiling held = probedAt32And64(inUse);
    assertThat(held.maxAllowed()).isEqualTo(64);
    assertThat(held.maxAllowed()).isEqualTo(64);
    assertThat(inUse.reclaims).as("once per search").isEqualTo(1);
  }

  @Test
  void aLargestProbePastTheLineLowersTheCeilingBelowIt() {
    SimulatedTraining sim = linearMemory();
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.2);
    for (int b : new int[] {32, 900}) {
      ceiling.beforeProbe();
      sim.run(b, 1);
      ceiling.afterProbe(b);
    }

    assertThat(ceiling.maxAllowed()).isEqualTo(700);
  }

  @Test
  void usesThePeakDuringAProbeNotWhatTheProbeLeftAllocated() {
    // Each step frees its 1 MB per example at its end: read afterwards, memory looks flat.
    SimulatedTraining sim = linearMemory().transientMemory();
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.2);
    for (int b : new int[] {32, 64}) {
      ceiling.beforeProbe();
      sim.run(b, 1);
      ceiling.afterProbe(b);
    }

    assertThat(sim.usedBytes()).isEqualTo(100_000_000L);
    assertThat(ceiling.maxAllowed()).isEqualTo(700);
  }

  @Test
  void aLargerReserveForEvaluationAndSnapshotsLowersTheCeiling() {
    SimulatedTraining sim = linearMemory();
    MemoryCeiling ceiling = new MemoryCeiling(sim, 0.5);
    for (int b : new int[] {32, 64}) {
      ceiling.beforeProbe();
      sim.run(b, 1);
      ceiling.afterProbe(b);
    }

    // 500 MB usable: (500 MB - 164 MB) / 1 MB more than 64.
    assertThat(ceiling.maxAllowed()).isEqualTo(400);
  }

  @Test
  void aFailingGaugeMeansNoCeilingRatherThanAFailedSearch() {
    MemoryGauge broken =
        new MemoryGauge() {
          @Override
          public long usedBytes() {
            throw new IllegalStateException("gone");
          }

          @Override
          public long limitBytes() {
            throw new IllegalStateException("gone");
          }

          @Override
          public String describe() {
            return "broken";
          }
        };
    MemoryCeiling ceiling = new MemoryCeiling(broken, 0.2);
    ceiling.afterProbe(32);
    ceiling.afterProbe(64);

    assertThat(ceiling.maxAllowed()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void hostGaugeReportsJavaCppLimits() {
    MemoryGauge host = MemoryGauge.host();

    assertThat(host.limitBytes()).isPositive();
    assertThat(host.usedBytes()).isLessThanOrEqualTo(host.limitBytes());
    assertThat(host.describe()).contains("maxBytes");
  }
}
