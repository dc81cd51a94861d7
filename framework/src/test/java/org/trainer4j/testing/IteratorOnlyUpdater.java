package org.trainer4j.testing;

import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Reporter;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Updater;

/**
 * An updater that only advances its iterator, so trainer and trigger tests run without a model.
 * Reports {@code main/loss} as a value scripted by the test (default: the iteration number).
 */
public final class IteratorOnlyUpdater implements Updater {

  private final BatchIterator iterator;
  private Reporter reporter = new Reporter();
  private long iteration;
  private java.util.function.LongToDoubleFunction loss = it -> it;
  private boolean closed;

  public IteratorOnlyUpdater(BatchIterator iterator) {
    this.iterator = iterator;
  }

  /** An in-order iterator over {@code datasetSize} one-feature examples. */
  public static IteratorOnlyUpdater over(int datasetSize, int batchSize) {
    float[] values = new float[datasetSize];
    int[] classes = new int[datasetSize];
    ArrayDataset data =
        ArrayDataset.of(
            Nd4j.create(values, new long[] {datasetSize, 1}), ArrayDataset.oneHot(classes, 2));
    return new IteratorOnlyUpdater(
        SerialIterator.builder(data).batchSize(batchSize).shuffle(false).build());
  }

  /** Scripts the loss reported after each update, as a function of the new iteration count. */
  public IteratorOnlyUpdater reportingLoss(java.util.function.LongToDoubleFunction loss) {
    this.loss = loss;
    return this;
  }

  @Override
  public void connectTrainer(Trainer trainer) {
    reporter = trainer.getReporter();
  }

  @Override
  public void update() {
    iterator.next();
    iteration++;
    reporter.report("main", "loss", loss.applyAsDouble(iteration));
  }

  @Override
  public BatchIterator getIterator() {
    return iterator;
  }

  @Override
  public BatchIterator getIterator(String name) {
    return iterator;
  }

  @Override
  public Optimizer getOptimizer() {
    throw new UnsupportedOperationException("this test updater has no optimizer");
  }

  @Override
  public Optimizer getOptimizer(String name) {
    return getOptimizer();
  }

  @Override
  public long getIteration() {
    return iteration;
  }

  /** Pretends the run resumed after {@code iteration} updates. */
  public void setIteration(long iteration) {
    this.iteration = iteration;
  }

  @Override
  public void serialize(Serializer s) {
    iterator.serialize(s.child("iterator:main"));
    iteration = s.serializeLong("iteration", iteration);
  }

  @Override
  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }
}
