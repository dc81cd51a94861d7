package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class MicroAverageTest {

  @TempDir Path out;

  @Test
  void reportsTheRatioOfSumsOverTheInterval() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    // Iteration i reports i correct out of 10: the epoch's ratio is (1+2+3+4)/40.
    trainer.extend(
        Extensions.builder(
                "counts",
                t -> {
                  t.getReporter().report("correct", t.getUpdater().getIteration());
                  t.getReporter().report("total", 10);
                })
            .priority(Priority.WRITER)
            .build());
    trainer.extend(MicroAverage.of("correct", "total", "ratio"));
    LogReport log = new LogReport();
    trainer.extend(log);

    trainer.run();

    assertThat(log.getLog().get(0)).containsEntry("ratio", 0.25);
  }

  @Test
  void itsSumsSurviveSerialization() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    MicroAverage average = MicroAverage.of("correct", "total", "ratio");
    trainer.getObservation().put("correct", 3.0);
    trainer.getObservation().put("total", 4.0);
    average.call(trainer);
    StateTree state = new StateTree();
    average.serialize(new StateWriter(state));

    MicroAverage restored = MicroAverage.of("correct", "total", "ratio");
    restored.serialize(new StateReader(state));
    StateTree again = new StateTree();
    restored.serialize(new StateWriter(again));

    assertThat(again.get("numerator")).isEqualTo(3.0);
    assertThat(again.get("denominator")).isEqualTo(4.0);
    assertThat(again.get("seen")).isEqualTo(true);
  }

  @Test
  void runEveryFewIterationsItReportsAtItsFirstCallAfterEachEpochAsChainers() {
    // 3 iterations an epoch; it sums at 2, 4, 6: (2 + 4) / 20 at 4, 6 / 10 at 6.
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(3, 1), IntervalTrigger.iterations(6), out);
    trainer.extend(
        Extensions.builder(
                "counts",
                t -> {
                  t.getReporter().report("correct", t.getUpdater().getIteration());
                  t.getReporter().report("total", 10);
                })
            .priority(Priority.WRITER)
            .build());
    trainer.extend(MicroAverage.of("correct", "total", "ratio"), IntervalTrigger.iterations(2));
    List<double[]> reported = new ArrayList<>();
    trainer.extend(
        Extensions.of(
            "watch",
            t -> {
              Double ratio = t.getObservation().get("ratio");
              if (ratio != null) {
                reported.add(new double[] {t.getUpdater().getIteration(), ratio});
              }
            }));

    trainer.run();

    assertThat(reported).containsExactly(new double[] {4, 0.3}, new double[] {6, 0.6});
  }

  @Test
  void aKeyNeverObservedFailsAtTheEndOfTheFirstIntervalNamingItAndTheObservedKeys() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(
        Extensions.builder(
                "counts",
                t -> {
                  t.getReporter().report("correct", 1);
                  t.getReporter().report("total", 10);
                })
            .priority(Priority.WRITER)
            .build());
    trainer.extend(MicroAverage.of("correct", "totl", "ratio"));
    long[] lastIteration = new long[1];
    trainer.extend(Extensions.of("watch", t -> lastIteration[0] = t.getUpdater().getIteration()));

    assertThatThrownBy(trainer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'totl' not observed by the end of its first interval")
        .hasMessageContaining("observed keys: [")
        .hasMessageContaining("correct, ")
        .hasMessageContaining("total");
    assertThat(lastIteration[0]).isEqualTo(TinyRun.ITERATIONS_PER_EPOCH - 1);
  }

  @Test
  void anIntervalWithoutObservationsIsReportedAtTheNextCallThatHasThemAsChainers() {
    // 3 iterations an epoch; the counts come at iterations 3 and 9 only, none in epoch 2.
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(3, 1), IntervalTrigger.iterations(9), out);
    trainer.extend(
        Extensions.builder(
                "counts",
                t -> {
                  long iteration = t.getUpdater().getIteration();
                  if (iteration == 3 || iteration == 9) {
                    t.getReporter().report("correct", iteration);
                    t.getReporter().report("total", 10);
                  }
                })
            .priority(Priority.WRITER)
            .build());
    trainer.extend(MicroAverage.of("correct", "total", "ratio"));
    List<double[]> reported = new ArrayList<>();
    trainer.extend(
        Extensions.of(
            "watch",
            t -> {
              Double ratio = t.getObservation().get("ratio");
              if (ratio != null) {
                reported.add(new double[] {t.getUpdater().getIteration(), ratio});
              }
            }));

    trainer.run();

    assertThat(reported).containsExactly(new double[] {3, 0.3}, new double[] {9, 0.9});
  }
}
