package org.trainer4j.training;

import com.google.common.base.Preconditions;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Updater: owns the iterators and optimizers (keyed {@code "main"} for the primary ones)
 * and runs one training step per {@link #update()}. Epoch figures come from the main iterator, the
 * iteration count from the updater itself.
 */
public interface Updater extends AutoCloseable {

  /** One training step: next batch, forward, backward, optimizer update; iteration + 1. */
  void update();

  /** Called by the trainer that owns this updater, before training starts. */
  default void connectTrainer(Trainer trainer) {}

  BatchIterator getIterator();

  BatchIterator getIterator(String name);

  Optimizer getOptimizer();

  Optimizer getOptimizer(String name);

  /**
   * Batch sizes this updater accepts are multiples of it: 1 for a single model, the replica count
   * for an updater that splits each batch evenly across replicas or processes. The minibatch-size
   * search only tries such sizes.
   */
  default int batchSizeMultiple() {
    return 1;
  }

  /**
   * The step this updater runs, on {@code copy} instead of its own model: what the minibatch-size
   * search times. A single model's step by default ({@code copy.fit}); data-parallel updaters run
   * their replicas or processes on shards of the batch with the gradient all-reduce. The updater's
   * own state is not touched; close the step when done.
   */
  default ProbeStep probeStep(Model copy) {
    Preconditions.checkNotNull(copy, "copy");
    return (batch, batchSize) -> copy.fit(batch);
  }

  /** Completed updates. */
  long getIteration();

  default int getEpoch() {
    return getIterator().getEpoch();
  }

  default double getEpochDetail() {
    return getIterator().getEpochDetail();
  }

  /** Epoch detail before the last batch; null before the first. */
  default Double getPreviousEpochDetail() {
    return getIterator().getPreviousEpochDetail();
  }

  default boolean isNewEpoch() {
    return getIterator().isNewEpoch();
  }

  /**
   * The processes of the job this updater trains in: extensions use it to report and write files on
   * rank 0 only, and to aggregate evaluation over ranks. A single process by default.
   */
  default Communicator communicator() {
    return Communicators.single();
  }

  /** Saves or loads iterators, optimizers, models and the iteration count. */
  void serialize(Serializer serializer);

  /** Releases iterators' background resources (Chainer's {@code finalize}). */
  @Override
  void close();
}
