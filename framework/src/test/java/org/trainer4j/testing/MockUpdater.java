package org.trainer4j.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;
import org.trainer4j.training.Updater;

/**
 * Chainer's {@code testing.get_trainer_with_mock_updater}: an updater without data whose epoch
 * figures follow from a (possibly fractional) number of iterations per epoch, so the translated
 * Chainer test cases run on exactly the positions Chainer's own tests use.
 */
public final class MockUpdater implements Updater {

  private final double iterationsPerEpoch;
  private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
  private long iteration;

  public MockUpdater(double iterationsPerEpoch) {
    this.iterationsPerEpoch = iterationsPerEpoch;
  }

  /** A trainer over a new mock updater; {@code out} is never written before {@code run()}. */
  public static Trainer trainer(double iterationsPerEpoch, Trigger stop, Path out) {
    return new Trainer(new MockUpdater(iterationsPerEpoch), stop, out);
  }

  /** Serves {@code optimizer} as {@code getOptimizer(name)}. */
  public MockUpdater withOptimizer(String name, Optimizer optimizer) {
    optimizers.put(name, optimizer);
    return this;
  }

  @Override
  public void update() {
    iteration++;
  }

  @Override
  public int getEpoch() {
    return (int) Math.floor(iteration / iterationsPerEpoch);
  }

  @Override
  public double getEpochDetail() {
    return iteration / iterationsPerEpoch;
  }

  @Override
  public Double getPreviousEpochDetail() {
    return iteration == 0 ? null : (iteration - 1) / iterationsPerEpoch;
  }

  @Override
  public boolean isNewEpoch() {
    return iteration > 0 && Math.floor((iteration - 1) / iterationsPerEpoch) != getEpoch();
  }

  @Override
  public BatchIterator getIterator() {
    throw new UnsupportedOperationException("the mock updater has no iterator");
  }

  @Override
  public BatchIterator getIterator(String name) {
    return getIterator();
  }

  @Override
  public Optimizer getOptimizer() {
    return getOptimizer("main");
  }

  @Override
  public Optimizer getOptimizer(String name) {
    Optimizer optimizer = optimizers.get(name);
    if (optimizer == null) {
      throw new IllegalArgumentException("no optimizer '" + name + "'");
    }
    return optimizer;
  }

  @Override
  public long getIteration() {
    return iteration;
  }

  /** Pretends the run resumed after {@code iteration} updates. */
  public void setIteration(long iteration) {
    this.iteration = iteration;
  }

  /** Only the iteration: like Chainer's mock, the optimizers' values are not part of the state. */
  @Override
  public void serialize(Serializer s) {
    iteration = s.serializeLong("iteration", iteration);
  }

  @Override
  public void close() {}
}
