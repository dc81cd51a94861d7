package org.trainer4j.extensions.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class FailOnNonNumberTest {

  @TempDir Path out;

  @Test
  void namesTheFirstNonFiniteParameter() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    trainer.extend(
        Extensions.builder(
                "poison",
                t -> {
                  if (t.getUpdater().getIteration() == 3) {
                    TinyRun.model(t)
                        .unwrap(MultiLayerNetwork.class)
                        .getParam("1_gamma")
                        .putScalar(2, Double.NaN);
                  }
                })
            .priority(Priority.WRITER)
            .build());
    trainer.extend(new FailOnNonNumber(java.util.List.of()));

    assertThatThrownBy(trainer::run)
        .isInstanceOf(NonFiniteValueException.class)
        .hasMessageContaining("iteration 3")
        .hasMessageContaining("parameter '1_gamma'");
  }

  @Test
  void namesANonFiniteLoss() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(
        Extensions.builder(
                "poison", t -> t.getReporter().report("main/loss", Double.POSITIVE_INFINITY))
            .priority(Priority.EDITOR)
            .build());
    trainer.extend(new FailOnNonNumber());

    assertThatThrownBy(trainer::run)
        .isInstanceOf(NonFiniteValueException.class)
        .hasMessageContaining("iteration 1")
        .hasMessageContaining("'main/loss' is Infinity");
  }

  @Test
  void aHealthyRunPasses() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(new FailOnNonNumber());

    trainer.run();

    assertThat(FailOnNonNumber.firstNonFiniteParameter(TinyRun.model(trainer))).isNull();
  }
}
