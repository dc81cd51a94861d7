package org.trainer4j.extensions.minibatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trainer4j.datasets.Batch;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ForwardingDataset;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/** A model, its optimizer, iterator, updater and trainer, built the same way every time. */
record Setup(
    Model model,
    Optimizer optimizer,
    SerialIterator iterator,
    StandardUpdater updater,
    Trainer trainer,
    Setup.RecordingDataset data) {

  /** A 20-16(BN)-4 MLP on 256 examples, Adam 0.01, iterator seed 5. */
  static Setup mlp(int batchSize, int iterations, Path dir) {
    return of(
        TestModels.mlp(20, 16, 4, 7), TestModels.data(256, 20, 4, 1), batchSize, iterations, dir);
  }

  /** A conv-BN-pool CNN on 128 images of 3x8x8. */
  static Setup cnn(int batchSize, int iterations, Path dir) {
    return of(
        TestModels.cnn(3, 8, 4, 7),
        SyntheticDataset.classification(128, new long[] {3, 8, 8}, 4, 1.0, 2),
        batchSize,
        iterations,
        dir);
  }

  private static Setup of(Model model, Dataset data, int batchSize, int iterations, Path dir) {
    Optimizer optimizer = new Adam(0.01);
    optimizer.setup(model);
    RecordingDataset recording = new RecordingDataset(data);
    SerialIterator iterator =
        SerialIterator.builder(recording).batchSize(batchSize).seed(5).build();
    StandardUpdater updater = new StandardUpdater(iterator, optimizer);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(iterations), dir);
    return new Setup(model, optimizer, iterator, updater, trainer, recording);
  }

  /** Records the indices of every batch requested. */
  static final class RecordingDataset extends ForwardingDataset {
    final List<int[]> calls = new ArrayList<>();

    RecordingDataset(Dataset delegate) {
      super(delegate);
    }

    @Override
    public Batch get(int[] indices) {
      calls.add(indices.clone());
      return super.get(indices);
    }
  }
}
