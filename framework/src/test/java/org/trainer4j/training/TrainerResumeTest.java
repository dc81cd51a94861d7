package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.IteratorState;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.serialization.InvalidStateArchiveException;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

class TrainerResumeTest {

  @TempDir Path out;

  private Trainer trainer(int hidden, long seed, long iterations) {
    ArrayDataset data = TestModels.data(64, 8, 3, 1);
    Model model = TestModels.mlp(8, hidden, 3, seed);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    var updater = new StandardUpdater(SerialIterator.of(data, 16), optimizer);
    return new Trainer(updater, IntervalTrigger.iterations(iterations), out);
  }

  @Test
  void resumeRestoresParametersIteratorAndIteration() throws IOException {
    Trainer first = trainer(8, 1, 6);
    first.run();
    Path file = out.resolve("snap");
    StateArchive.write(first.saveState(), file);

    Trainer second = trainer(8, 99, 6);
    second.resume(file);

    assertThat(second.getUpdater().getIteration()).isEqualTo(6);
    assertThat(second.getUpdater().getIterator().getState())
        .isEqualTo(first.getUpdater().getIterator().getState());
    assertThat(model(second).params()).isEqualTo(model(first).params());
    // Chainer raises for elapsed_time before run(); the loaded time shows in the saved state.
    assertThat(second.saveState().get("elapsed_time")).isEqualTo(first.getElapsedTime());
  }

  @Test
  void aCorruptSnapshotIsAnErrorNamingTheFileAndChangesNothing() throws IOException {
    Trainer first = trainer(8, 1, 6);
    first.run();
    Path file = out.resolve("snapshot_iter_6");
    StateArchive.write(first.saveState(), file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(file, bytes);
    Trainer fresh = trainer(8, 99, 6);
    INDArray before = model(fresh).params().dup();

    assertThatThrownBy(() -> fresh.resume(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining(file.toString());
    assertThat(model(fresh).params()).isEqualTo(before);
    assertThat(fresh.getUpdater().getIteration()).isZero();
  }

  @Test
  void aSnapshotOfAnotherModelNamesFileAndParameterAndRollsEverythingBack() throws IOException {
    Trainer other = trainer(12, 1, 6);
    other.run();
    Path file = out.resolve("other_model");
    StateArchive.write(other.saveState(), file);
    Trainer fresh = trainer(8, 99, 6);
    INDArray params = model(fresh).params().dup();
    IteratorState iterator = fresh.getUpdater().getIterator().getState();
    double lr = fresh.getUpdater().getOptimizer().getLearningRate();

    assertThatThrownBy(() -> fresh.resume(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("0_W")
        .hasMessageContaining("nothing was loaded");
    assertThat(model(fresh).params()).isEqualTo(params);
    assertThat(fresh.getUpdater().getIterator().getState()).isEqualTo(iterator);
    assertThat(fresh.getUpdater().getIteration()).isZero();
    assertThat(fresh.getUpdater().getOptimizer().getLearningRate()).isEqualTo(lr);
  }

  @Test
  void aSnapshotWhoseShuffleOrderIsNotAPermutationIsRefusedAndNothingLoads() throws IOException {
    Trainer first = trainer(8, 1, 6);
    first.run();
    StateTree state = first.saveState();
    state.child("updater").child("iterator:main").put("order", new int[64]);
    Path file = out.resolve("repeated_order");
    StateArchive.write(state, file);
    Trainer fresh = trainer(8, 99, 6);
    IteratorState iterator = fresh.getUpdater().getIterator().getState();

    assertThatThrownBy(() -> fresh.resume(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file + " does not fit this trainer, nothing was loaded")
        .hasMessageContaining("'/updater/iterator:main' order is not a permutation of [0, 64)");
    assertThat(fresh.getUpdater().getIterator().getState()).isEqualTo(iterator);
    assertThat(fresh.getUpdater().getIteration()).isZero();
  }

  @Test
  void anArchiveWithoutTrainerStateIsRefused() throws IOException {
    Path file = out.resolve("empty");
    StateArchive.write(new StateTree(), file);

    assertThatThrownBy(() -> trainer(8, 1, 6).resume(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds no trainer state");
  }

  @Test
  void savingWhileRunningLeavesTheClockAlone() {
    Trainer trainer = trainer(8, 1, 1);
    double[] elapsed = new double[2];
    trainer.extend(
        Extensions.of(
            "save",
            t -> {
              elapsed[0] = t.getElapsedTime();
              for (int i = 0; i < 30; i++) {
                t.saveState();
              }
              elapsed[1] = t.getElapsedTime();
            }));

    trainer.run();

    // Had saving folded the running time into the time before the run, each save would double
    // the clock: after 30 saves it would read 2^30 times the first reading.
    assertThat(elapsed[1]).isBetween(elapsed[0], elapsed[0] + 60);
  }

  private static Model model(Trainer t) {
    return t.getUpdater().getOptimizer().getModel();
  }
}
