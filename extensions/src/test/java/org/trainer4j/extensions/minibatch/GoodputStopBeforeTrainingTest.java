package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trainer4j.extensions.minibatch.GoodputRuns.goodput;
import static org.trainer4j.extensions.minibatch.GoodputRuns.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.minibatch.GoodputRuns.Run;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.snapshot.Snapshot;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * A run preempted during its search before training (SIGTERM while the search runs: the trainer
 * stops once the search is done, before the first update) keeps the search: the snapshot of
 * iteration 0 holds the size it chose, and the resumed run trains at it without searching again, as
 * the uninterrupted run does.
 */
class GoodputStopBeforeTrainingTest {

  @TempDir Path out;

  /** Requests a stop before training, after the search (a lower priority than the search's). */
  private static Extension stopBeforeTraining() {
    return Extensions.builder("preemption", t -> t.requestStop("test"))
        .priority(Priority.READER)
        .callBeforeTraining(true)
        .build();
  }

  private static Run twoEpochs(Path dir, GoodputOptimizer goodput) {
    return run(256, IntervalTrigger.epochs(2), dir, goodput, null);
  }

  @Test
  void aRunStoppedAfterItsSearchBeforeTrainingResumesAtTheChosenSizeWithoutSearchingAgain()
      throws Exception {
    GoodputOptimizer whole = goodput(LrRule.SQRT, 0).build();
    Run w = twoEpochs(out.resolve("whole"), whole);
    w.trainer().run();

    Path dir = out.resolve("preempted");
    GoodputOptimizer stopped = goodput(LrRule.SQRT, 0).build();
    Run s = twoEpochs(dir, stopped);
    s.trainer().extend(Snapshot.builder().build()).extend(stopBeforeTraining());
    s.trainer().run();
    assertThat(s.trainer().getUpdater().getIteration()).isZero();
    assertThat(stopped.results()).hasSize(1);
    assertThat(Files.exists(dir.resolve("snapshot_iter_0"))).isTrue();

    GoodputOptimizer resumed = goodput(LrRule.SQRT, 0).build();
    Run r = twoEpochs(dir, resumed);
    r.trainer().extend(Snapshot.builder().autoload(true).build());
    r.trainer().run();

    assertThat(resumed.results()).as("searches of the resumed process").isEmpty();
    assertThat(whole.batchSize()).isGreaterThan(16);
    assertThat(r.iterator().getBatchSize()).isEqualTo(whole.batchSize());
    assertThat(resumed.history()).isEqualTo(whole.history());
    assertThat(r.model().params().toDoubleVector())
        .containsExactly(w.model().params().toDoubleVector());
  }
}
