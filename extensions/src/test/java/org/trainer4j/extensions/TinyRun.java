package org.trainer4j.extensions;

import java.nio.file.Path;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.updaters.DistributedUpdater;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * A tiny deterministic training job for extension tests: 64 examples of width 8 in 3 classes,
 * batches of 16 (4 iterations per epoch), an MLP with batch normalization, momentum SGD.
 */
public final class TinyRun {

  public static final int ITERATIONS_PER_EPOCH = 4;

  private TinyRun() {}

  public static ArrayDataset data() {
    return TestModels.data(64, 8, 3, 1);
  }

  public static ArrayDataset validationData() {
    return TestModels.data(40, 8, 3, 2);
  }

  /** A non-repeating validation iterator with batches of 16 (the last one 8). */
  public static SerialIterator validation() {
    return SerialIterator.builder(validationData())
        .batchSize(16)
        .repeat(false)
        .shuffle(false)
        .build();
  }

  public static Trainer trainer(Path out, Trigger stop) {
    return trainer(out, stop, 7, 8);
  }

  /** A trainer whose model is built with {@code seed} and {@code hidden} units. */
  public static Trainer trainer(Path out, Trigger stop, long seed, int hidden) {
    Model model = TestModels.mlp(8, hidden, 3, seed);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    SerialIterator iterator = SerialIterator.builder(data()).batchSize(16).seed(3).build();
    return new Trainer(new StandardUpdater(iterator, optimizer), stop, out);
  }

  /** {@link #trainer(Path, Trigger)} as member {@code communicator} of a data-parallel job. */
  public static Trainer trainerOn(Path out, Trigger stop, Communicator communicator) {
    Model model = TestModels.mlp(8, 8, 3, 7);
    MomentumSGD optimizer = new MomentumSGD(0.05, 0.9);
    optimizer.setup(model);
    SerialIterator iterator = SerialIterator.builder(data()).batchSize(16).seed(3).build();
    return new Trainer(
        DistributedUpdater.builder(iterator, optimizer, communicator).build(), stop, out);
  }

  public static Model model(Trainer trainer) {
    return trainer.getUpdater().getOptimizer().getModel();
  }
}
