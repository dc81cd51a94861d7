package org.trainer4j.extensions.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.monitor.nvml.Nvml;
import org.trainer4j.extensions.monitor.nvml.NvmlStub;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.testing.LogCapture;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.Unit;
import org.trainer4j.training.updaters.StandardUpdater;

class UtilizationReportTest {

  // Only the first reading comes from the sampler thread; the rest are taken at the trigger.
  private static final Duration MANUAL = Duration.ofHours(1);
  private static final int ITERATIONS_PER_EPOCH = 4;

  @TempDir Path out;
  @RegisterExtension final LogCapture logs = LogCapture.of(UtilizationSampler.class);

  @AfterEach
  void tearDown() {
    System.clearProperty(Nvml.LIBRARY_PROPERTY);
  }

  @Test
  void addsEachEpochsFiguresToTheObservationAtTheEpochBoundary() {
    FakeMonitor gpu = new FakeMonitor(true, 40, 123_456);
    FakeMonitor host = new FakeMonitor(false, 12.5, 789);
    UtilizationReport report =
        UtilizationReport.builder().device(gpu).host(host).interval(MANUAL).build();

    List<Map<String, Double>> seen = train(3, report, t -> {});

    assertThat(seen).hasSize(3 * ITERATIONS_PER_EPOCH);
    for (int i = 0; i < seen.size(); i++) {
      if ((i + 1) % ITERATIONS_PER_EPOCH == 0) {
        assertThat(seen.get(i))
            .contains(
                entry(UtilizationReport.UTILIZATION, 40.0),
                entry(UtilizationReport.UTILIZATION_TOP50, 40.0),
                entry(UtilizationReport.MEMORY_USED, 123_456.0),
                entry(UtilizationReport.AVAILABLE, 1.0),
                entry(UtilizationReport.HOST_CPU, 12.5),
                entry(UtilizationReport.HOST_MEMORY_USED, 789.0));
      } else {
        assertThat(seen.get(i)).doesNotContainKey(UtilizationReport.UTILIZATION);
      }
    }
  }

  @Test
  void aDeviceLostMidRunMarksTheFiguresUnavailableLogsOnceAndTrainingContinues() {
    FakeMonitor gpu = new FakeMonitor(true, 40, 100);
    FakeMonitor host = new FakeMonitor(false, 12.5, 789);
    UtilizationReport report =
        UtilizationReport.builder().device(gpu).host(host).interval(MANUAL).build();

    List<Map<String, Double>> epochs = everyEpoch(train(3, report, failAfterFirstEpoch(gpu::fail)));

    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(0)).contains(entry(UtilizationReport.AVAILABLE, 1.0));
    for (Map<String, Double> lost : epochs.subList(1, 3)) {
      assertThat(lost.get(UtilizationReport.UTILIZATION)).isNaN();
      assertThat(lost.get(UtilizationReport.UTILIZATION_TOP50)).isNaN();
      assertThat(lost.get(UtilizationReport.MEMORY_USED)).isNaN();
      assertThat(lost)
          .contains(
              entry(UtilizationReport.AVAILABLE, 0.0), entry(UtilizationReport.HOST_CPU, 12.5));
      assertThat(lost.get("main/loss")).isFinite();
    }
    assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
  }

  @Test
  void anNvmlGpuLostMidRunThroughTheRealBindingIsReportedUnavailable() {
    NvmlStub stub = NvmlStub.loadReset();
    stub.stub_set_utilization(0, 88, 0);
    stub.stub_set_memory(0, 1L << 34, 1L << 30);
    System.setProperty(Nvml.LIBRARY_PROPERTY, NvmlStub.path());
    // As auto() chooses on a CUDA backend; this build runs ND4J on the CPU.
    UtilizationReport report =
        UtilizationReport.builder()
            .openDevice(() -> DeviceMonitors.choose(null, true).monitor())
            .host(new FakeMonitor(false, 5, 1))
            .interval(MANUAL)
            .build();

    List<Map<String, Double>> epochs =
        everyEpoch(
            train(
                3,
                report,
                failAfterFirstEpoch(() -> stub.stub_fail("*", NvmlStub.GPU_IS_LOST, 0))));

    assertThat(epochs.get(0))
        .contains(
            entry(UtilizationReport.UTILIZATION, 88.0),
            entry(UtilizationReport.MEMORY_USED, (double) (1L << 30)),
            entry(UtilizationReport.AVAILABLE, 1.0));
    assertThat(epochs.get(2).get(UtilizationReport.UTILIZATION)).isNaN();
    assertThat(epochs.get(2)).contains(entry(UtilizationReport.AVAILABLE, 0.0));
    assertThat(logs.events())
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("NVML_ERROR_GPU_IS_LOST"));
    assertThat(stub.stub_init_refcount()).isZero();
  }

  @Test
  void withoutAnyNvmlLibraryItReportsTheCpuAndTrainingIsUnaffected() {
    System.setProperty(Nvml.LIBRARY_PROPERTY, "/nonexistent/libnvidia-ml.so.1");

    List<Map<String, Double>> monitored = train(2, new UtilizationReport(), t -> {});
    List<Map<String, Double>> plain = train(2, null, t -> {});

    assertThat(losses(monitored)).isEqualTo(losses(plain)).hasSize(2 * ITERATIONS_PER_EPOCH);
    Map<String, Double> last = monitored.get(monitored.size() - 1);
    assertThat(last.get(UtilizationReport.UTILIZATION)).isBetween(0.0, 100.0);
    assertThat(last.get(UtilizationReport.HOST_CPU))
        .isEqualTo(last.get(UtilizationReport.UTILIZATION));
    assertThat(last).contains(entry(UtilizationReport.AVAILABLE, 1.0));
    assertThat(last.get(UtilizationReport.MEMORY_USED)).isPositive();
  }

  @Test
  void closesTheMonitorsItOpenedButNotThoseItWasGivenAndLeavesNoThread() {
    NvmlStub stub = NvmlStub.loadReset();
    System.setProperty(Nvml.LIBRARY_PROPERTY, NvmlStub.path());
    FakeMonitor host = new FakeMonitor(false, 5, 1);

    train(
        1,
        UtilizationReport.builder()
            .openDevice(() -> DeviceMonitors.choose(null, true).monitor())
            .host(host)
            .interval(MANUAL)
            .build(),
        t -> {});

    assertThat(stub.stub_init_calls()).isEqualTo(1);
    assertThat(stub.stub_init_refcount()).isZero();
    assertThat(host.isClosed()).isFalse();
    assertThat(UtilizationSamplerTest.samplerThreads()).isZero();
  }

  @Test
  void stopsSamplingWhenTrainingFails() {
    FakeMonitor gpu = new FakeMonitor(true, 40, 100);
    FakeMonitor host = new FakeMonitor(false, 12.5, 789);
    UtilizationReport report =
        UtilizationReport.builder()
            .device(gpu)
            .host(host)
            .interval(UtilizationSampler.MIN_INTERVAL)
            .build();

    assertThatThrownBy(
            () ->
                train(
                    2,
                    report,
                    t -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(UtilizationSamplerTest.samplerThreads()).isZero();
  }

  @Test
  void runsEveryEpochBeforeReadersByDefault() {
    UtilizationReport report = new UtilizationReport();

    assertThat(report.defaultTrigger())
        .isInstanceOfSatisfying(
            IntervalTrigger.class,
            t -> {
              assertThat(t.period()).isEqualTo(1.0);
              assertThat(t.unit()).isEqualTo(Unit.EPOCH);
            });
    assertThat(report.defaultPriority()).isEqualTo(Priority.WRITER);
  }

  @Test
  void rejectsSamplingIntervalsBelow100Milliseconds() {
    assertThatThrownBy(() -> UtilizationReport.builder().interval(Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval must be at least");
  }

  @Test
  void rejectsSamplingIntervalsAboveADay() {
    assertThatThrownBy(() -> UtilizationReport.builder().interval(Duration.ofDays(365 * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be at most PT24H: PT2628000H");
  }

  /** Trains an MLP for {@code epochs}, returning a copy of every iteration's observation. */
  private List<Map<String, Double>> train(
      int epochs, UtilizationReport report, Consumer<Trainer> afterReaders) {
    Model model = TestModels.mlp(8, 16, 3, 7);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    var updater =
        new StandardUpdater(
            SerialIterator.of(TestModels.data(16 * ITERATIONS_PER_EPOCH, 8, 3, 1), 16), optimizer);
    Trainer trainer = new Trainer(updater, IntervalTrigger.epochs(epochs), out);
    if (report != null) {
      trainer.extend(report);
    }
    List<Map<String, Double>> seen = new ArrayList<>();
    trainer.extend(Extensions.of("record", t -> seen.add(new LinkedHashMap<>(t.getObservation()))));
    trainer.extend(Extensions.builder("after", afterReaders).priority(Priority.READER - 1).build());
    trainer.run();
    return seen;
  }

  private static Consumer<Trainer> failAfterFirstEpoch(Runnable fail) {
    return t -> {
      if (t.getUpdater().getIteration() == ITERATIONS_PER_EPOCH) {
        fail.run();
      }
    };
  }

  private static List<Map<String, Double>> everyEpoch(List<Map<String, Double>> seen) {
    List<Map<String, Double>> epochs = new ArrayList<>();
    for (int i = ITERATIONS_PER_EPOCH - 1; i < seen.size(); i += ITERATIONS_PER_EPOCH) {
      epochs.add(seen.get(i));
    }
    return epochs;
  }

  private static List<Double> losses(List<Map<String, Double>> seen) {
    return seen.stream().map(o -> o.get("main/loss")).toList();
  }
}
