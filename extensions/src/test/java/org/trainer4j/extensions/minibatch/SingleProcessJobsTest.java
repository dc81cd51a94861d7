package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.ReplicaGroup;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedUpdater;

class SingleProcessJobsTest {

  @TempDir Path out;

  /** Rank 0 of a two-member job, over the test MLP at batch size 16. */
  private Trainer rankZeroOfTwo(Setup s) {
    Communicator rank0 = new ReplicaGroup(2, Duration.ofSeconds(5)).communicator(0);
    return new Trainer(
        DistributedUpdater.builder(s.iterator(), s.optimizer(), rank0).build(),
        IntervalTrigger.iterations(2),
        out.resolve("two-processes"));
  }

  private void assertRefusedKeepingTheSize(Extension search, String name) {
    Setup s = Setup.mlp(16, 2, out);
    Trainer trainer = rankZeroOfTwo(s);

    assertThatThrownBy(() -> search.call(trainer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name + " runs in single-process jobs only")
        .hasMessageContaining("2 processes");
    assertThat(s.iterator().getBatchSize()).isEqualTo(16);
  }

  @Test
  void theMinibatchSizeSearchRefusesAMultiProcessJobRatherThanLetRanksPickDifferentSizes() {
    assertRefusedKeepingTheSize(
        MinibatchSizeOptimizer.builder(EpochTimeMinimize.create()).writeFiles(false).build(),
        "the minibatch-size search");
  }

  @Test
  void theGoodputSearchRefusesAMultiProcessJobRatherThanLetRanksPickDifferentSizes() {
    assertRefusedKeepingTheSize(GoodputOptimizer.builder().build(), "the goodput search");
  }
}
