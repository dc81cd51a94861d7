package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.monitor.UtilizationStats;

class GpuUsageMaximizeTest {

  private static final int DATASET = 50_000;

  /** Utilization grows 1.5 % per example and saturates at 100 % from 67 examples. */
  private static SimulatedTraining linearUtilization() {
    return new SimulatedTraining(b -> 1e-3).utilization(b -> Math.min(100.0, 1.5 * b));
  }

  private static GpuUsageMaximize.Builder strategy(SimulatedTraining sim) {
    return GpuUsageMaximize.builder(sim).recorder(new ClockedRecorder(sim, sim.ticker, 1.0));
  }

  private static List<Integer> sizes(SearchResult r) {
    return r.steps().stream().map(SearchStep::batchSize).toList();
  }

  @Test
  void followsListing2StepByStepAndConvergesWhenTheSizeSettles() {
    SimulatedTraining sim = linearUtilization();

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    // 32 (48 %): +min(ceil(32*51/48), limit 32) = +32; 64 (96 %): +ceil(64*3/96) = +2;
    // 66 (99 %, not below target): -1, limit 16; 65 (97.5 %): +1, limit 8; then +-1 around 65.5.
    // Check at loop 5: |66 - 32| > 5; at loop 10: |65 - 66| <= 5, converged.
    assertThat(sizes(r)).containsExactly(32, 64, 66, 65, 66, 65, 66, 65, 66, 65);
    assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
    assertThat(r.chosenBatchSize()).isEqualTo(65);
    assertThat(r.loops()).isEqualTo(10);
  }

  @Test
  void eachLoopSamplesForThreeIntervalsAndUsesTheTopHalfMean() {
    SimulatedTraining sim = linearUtilization();

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    UtilizationStats first = r.steps().get(0).utilization();
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.top50Mean()).isEqualTo(48.0);
    assertThat(r.steps().get(0).seconds()).isGreaterThanOrEqualTo(3.0);
  }

  @Test
  void shrinksTheSizeWhenUtilizationIsAboveTheTarget() {
    SimulatedTraining sim = linearUtilization();

    SearchResult r = strategy(sim).target(90.0).build().apply(sim.context(200, DATASET).build());

    // 100 % at 200: -ceil(200*10/90) = -23; at 177: -ceil(19.67) = -20; at 157: -18.
    assertThat(sizes(r)).startsWith(200, 177, 157, 139);
  }

  @Test
  void stopsAfterMaxLoopsChoosingTheLastMeasuredSize() {
    // Utilization still rising (slowly), so the target is not yet known to be out of reach.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-3).utilization(b -> 40.0 + b / 16.0);

    SearchResult r = strategy(sim).maxLoops(7).build().apply(sim.context(32, DATASET).build());

    assertThat(sizes(r)).containsExactly(32, 64, 96, 128, 160, 192, 224);
    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_LOOPS);
    assertThat(r.chosenBatchSize()).isEqualTo(224);
  }

  @Test
  void outOfMemoryMarksTheSizeInfeasibleAndTheSearchContinuesBelowIt() {
    SimulatedTraining sim = linearUtilization().oomAbove(60);

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    assertThat(r.steps().get(1).batchSize()).isEqualTo(64);
    assertThat(r.steps().get(1).infeasible()).isTrue();
    assertThat(r.steps().get(1).note()).contains("Failed to allocate");
    assertThat(r.succeeded()).isTrue();
    assertThat(r.chosenBatchSize()).isLessThanOrEqualTo(60);
    assertThat(r.steps())
        .filteredOn(s -> !s.infeasible())
        .allSatisfy(s -> assertThat(s.batchSize()).isLessThanOrEqualTo(60));
  }

  @Test
  void onAHostCpuMonitorItSaysItDrivesCpuUtilization() {
    SimulatedTraining sim = linearUtilization().hostCpu();

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    assertThat(r.detail()).contains("host CPU (no GPU)");
  }

  @Test
  void aLostMonitorEndsTheSearchWithTheSizeMeasured() {
    SimulatedTraining sim = linearUtilization();
    UtilizationRecorder lost =
        new UtilizationRecorder() {
          @Override
          public void start() {}

          @Override
          public UtilizationStats stop() {
            return UtilizationStats.empty(true);
          }
        };

    SearchResult r =
        GpuUsageMaximize.builder(sim)
            .recorder(lost)
            .build()
            .apply(sim.context(32, DATASET).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.MONITOR_LOST);
    assertThat(r.chosenBatchSize()).isEqualTo(32);
  }

  @Test
  void failsWhenNoSizeFitsAndKeepsTheInitialSize() {
    SimulatedTraining sim = linearUtilization().oomAbove(0);

    SearchResult r = strategy(sim).maxLoops(8).build().apply(sim.context(32, DATASET).build());

    assertThat(r.succeeded()).isFalse();
    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(r.detail()).contains("no feasible measurement");
    assertThat(r.steps()).hasSize(8).allSatisfy(s -> assertThat(s.infeasible()).isTrue());
  }

  @Test
  void utilizationIsAPoorProxyWhenTimeJumpsAfterSaturation() {
    // The paper's pattern 1: utilization saturates near 66, epoch time halves only from 100 on.
    SimulatedTraining sim =
        new SimulatedTraining(b -> b < 100 ? 2e-4 : 1e-4)
            .utilization(b -> Math.min(100.0, 1.5 * b));

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    assertThat(r.chosenBatchSize()).isLessThan(100);
    assertThat(sim.epochSeconds(r.chosenBatchSize(), DATASET))
        .isGreaterThan(1.9 * sim.epochSeconds(128, DATASET));
  }

  @Test
  void aLoopsUtilizationIsTheMeanOfItsBusiestHalfOfSamplesNotOfAllOfThem() {
    // Every other sample lands in an idle gap (data loading) and reads 0 %: the busy half reads
    // min(100, 1.5 b). The plain mean would be half that and drive the size twice as high.
    SimulatedTraining sim =
        new SimulatedTraining(b -> 1e-3).utilization(b -> Math.min(100.0, 1.5 * b));
    UtilizationRecorder halfIdle =
        new UtilizationRecorder() {
          private long start;

          @Override
          public void start() {
            start = sim.ticker.read();
          }

          @Override
          public org.trainer4j.extensions.monitor.UtilizationStats stop() {
            int n = (int) Math.floor((sim.ticker.read() - start) / 1e9);
            double[] samples = new double[n];
            for (int i = 0; i < n; i++) {
              samples[i] = i % 2 == 0 ? sim.sample().utilization() : 0.0;
            }
            return org.trainer4j.extensions.monitor.UtilizationStats.of(samples, false);
          }
        };

    SearchResult r =
        GpuUsageMaximize.builder(sim)
            .recorder(halfIdle)
            .target(90.0)
            .build()
            .apply(sim.context(32, DATASET).build());

    // 1.5 b reaches 90 % at b = 60; the rule converges within a few examples of it.
    assertThat(r.chosenBatchSize()).isBetween(55, 70);
  }

  @Test
  void aMonitorThatPlateausBelowTheTargetStopsTheSearchAsUnreachable() {
    // One ND4J thread on two CPUs: the host CPU monitor reads about 50 % whatever the size.
    SimulatedTraining sim = new SimulatedTraining(b -> 1e-3).utilization(b -> 50.0).hostCpu();

    SearchResult r = strategy(sim).build().apply(sim.context(32, DATASET).build());

    assertThat(r.stopReason()).isEqualTo(StopReason.TARGET_UNREACHABLE);
    // 32, 64, 96 all read 50 %: the size tripled for nothing, so it keeps the plateau's start.
    assertThat(r.chosenBatchSize()).isEqualTo(32);
    assertThat(r.loops()).isEqualTo(3);
  }
}
