package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.Resumed;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Priority;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class ShiftTest {

  @TempDir Path out;

  @Test
  void eachUpdateUsesTheValueSetAfterThePreviousOne() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(4));
    List<Double> used = new ArrayList<>();
    // WRITER runs before the schedule within an iteration: it sees the rate this update used.
    trainer.extend(
        Extensions.builder("lr", t -> used.add(t.getUpdater().getOptimizer().getLearningRate()))
            .priority(Priority.WRITER)
            .build());
    trainer.extend(new ExponentialShift("lr", 0.5));

    trainer.run();

    assertThat(used).containsExactly(0.05, 0.025, 0.0125, 0.00625);
    assertThat(trainer.getUpdater().getOptimizer().getLearningRate()).isEqualTo(0.003125);
  }

  @Test
  void theShiftedValueReachesTheModelsUpdates() {
    Trainer constant = TinyRun.trainer(out.resolve("constant"), IntervalTrigger.iterations(3));
    constant.run();
    Trainer shifted = TinyRun.trainer(out.resolve("shifted"), IntervalTrigger.iterations(3));
    shifted.extend(new ExponentialShift("lr", 0.5));

    shifted.run();

    // same data, same start: only the rates of the second and third update differ
    assertThat(TinyRun.model(shifted).params()).isNotEqualTo(TinyRun.model(constant).params());
  }

  @Test
  void aRescaledScheduleKeepsItsShapeAroundTheNewValue() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(3));
    List<Double> used = new ArrayList<>();
    trainer.extend(
        Extensions.builder("lr", t -> used.add(t.getUpdater().getOptimizer().getLearningRate()))
            .priority(Priority.WRITER)
            .build());
    ExponentialShift shift = new ExponentialShift("lr", 0.5);
    trainer.extend(shift);
    shift.rescale(2);

    trainer.run();

    assertThat(used).containsExactly(0.1, 0.05, 0.025);
    assertThat(shift.lastValue()).isEqualTo(0.0125);
  }

  @Test
  void theScaleIsPartOfTheStateAndOldStatesLoadUnscaled() {
    ExponentialShift shift = new ExponentialShift("lr", 0.5);
    shift.rescale(4);
    StateTree state = new StateTree();
    shift.serialize(new StateWriter(state));
    ExponentialShift restored = new ExponentialShift("lr", 0.5);
    restored.serialize(new StateReader(state));

    StateTree before = new StateTree(); // a state written before rescale() existed
    state
        .entries()
        .forEach(
            (key, value) -> {
              if (!key.equals("scale")) {
                before.put(key, value);
              }
            });
    ExponentialShift fromOld = new ExponentialShift("lr", 0.5);
    fromOld.rescale(3);
    fromOld.serialize(new StateReader(before));

    assertThat(restored.scale()).isEqualTo(4.0);
    assertThat(fromOld.scale()).isEqualTo(3.0);
  }

  @Test
  void rescaleRefusesAFactorThatIsNotPositive() {
    ExponentialShift shift = new ExponentialShift("lr", 0.5);

    assertThatThrownBy(() -> shift.rescale(0)).hasMessageContaining("factor must be positive: 0");
  }

  @Test
  void schedulesAnyHyperparameterByName() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(3));
    trainer.extend(new LinearShift(MomentumSGD.MOMENTUM, 0.5, 0.8, 0, 3));

    trainer.run();

    assertThat(trainer.getUpdater().getOptimizer().get(MomentumSGD.MOMENTUM)).isEqualTo(0.8);
  }

  @Test
  void aRestoredScheduleContinuesFromItsCountAndValue() {
    Trainer first = TinyRun.trainer(out, IntervalTrigger.iterations(3));
    StepShift shift = new StepShift("lr", 0.1, 2);
    first.extend(shift);
    first.run();
    StateTree state = new StateTree();
    shift.serialize(new StateWriter(state));

    // The new trainer's optimizer starts at 0.05 again; the schedule must not restart from it.
    Trainer second = TinyRun.trainer(out, IntervalTrigger.iterations(4));
    StepShift restored = new StepShift("lr", 0.1, 2);
    restored.serialize(new StateReader(state));
    second.extend(restored);
    List<Double> used = new ArrayList<>();
    second.extend(
        Extensions.builder("lr", t -> used.add(t.getUpdater().getOptimizer().getLearningRate()))
            .priority(Priority.WRITER)
            .build());
    Resumed.atIteration(second.getUpdater(), 3);
    second.run();

    assertThat(used).hasSize(1);
    assertThat(used.get(0)).isCloseTo(0.005, offset(1e-15));
    assertThat(restored.count()).isEqualTo(4);
    assertThat(second.getUpdater().getOptimizer().getLearningRate())
        .isCloseTo(0.0005, offset(1e-15));
  }

  @Test
  void anUnknownHyperparameterFailsBeforeTheFirstIteration() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(3));
    trainer.extend(new ExponentialShift("beta1", 0.5));

    assertThatThrownBy(trainer::run).hasMessageContaining("no hyperparameter 'beta1'");
    assertThat(trainer.getUpdater().getIteration()).isZero();
  }
}
