package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

class PreemptionSignalsTest {

  @TempDir Path out;

  private Trainer trainer(long iterations) {
    Model model = TestModels.mlp(4, 4, 2, 1);
    SGD optimizer = new SGD(0.1);
    optimizer.setup(model);
    var iterator = SerialIterator.of(TestModels.data(16, 4, 2, 1), 4);
    return new Trainer(
        new StandardUpdater(iterator, optimizer), IntervalTrigger.iterations(iterations), out);
  }

  @Test
  void theFirstSignalRequestsAStopAndTheSecondHaltsWithOneHundredTwentyEightPlusItsNumber() {
    Trainer trainer = trainer(10);
    List<Integer> halts = new ArrayList<>();
    PreemptionSignals signals = new PreemptionSignals(trainer, halts::add);

    signals.onSignal("TERM", 15);

    assertThat(trainer.stopRequest()).contains("SIGTERM");
    assertThat(halts).isEmpty();

    signals.onSignal("INT", 2);

    assertThat(halts).containsExactly(130);
    assertThat(signals.received()).isEqualTo(2);
  }

  @Test
  void aStopRequestedDuringAnIterationEndsTheRunAfterThatIterationWithItsExtensionsCalled() {
    Trainer trainer = trainer(10);
    List<Long> called = new ArrayList<>();
    trainer.extend(
        (Extension)
            t -> {
              called.add(t.getUpdater().getIteration());
              if (t.getUpdater().getIteration() == 3) {
                new PreemptionSignals(t, code -> {}).onSignal("TERM", 15);
              }
            },
        "recorder",
        null,
        null);

    trainer.run();

    assertThat(trainer.getUpdater().getIteration()).isEqualTo(3);
    assertThat(called).containsExactly(1L, 2L, 3L);
    assertThat(trainer.stopRequest()).contains("SIGTERM");
  }
}
