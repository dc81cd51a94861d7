package org.trainer4j.training;

import org.trainer4j.datasets.Batch;
import org.trainer4j.model.StepResult;

/**
 * The training step an updater runs, on a model copy that is not the updater's own: what the
 * minibatch-size search times instead of a plain {@code fit}, so that it measures the step training
 * will really take (replica threads and their all-reduce, or this process's shard and the job's
 * all-reduce). Built by {@link Updater#probeStep}; data flows one way, from the copy into the step,
 * and nothing of the live updater (model, optimizer state, iterator, replica generators) is
 * touched.
 *
 * <p>In a multi-process job every member calls {@link #step} with the same size the same number of
 * times, since each step runs the job's collectives.
 */
public interface ProbeStep extends AutoCloseable {

  /**
   * One step on {@code batch}, the minibatch of {@code batchSize} examples (or only this process's
   * rows of it, when its dataset is rank-sharded).
   *
   * @throws org.trainer4j.parallel.PeerFailedException in a multi-process job, when the step failed
   *     on another member (each member fails the same step, so none waits for another)
   */
  StepResult step(Batch batch, int batchSize);

  /** Releases what the step holds (replica threads); the copy itself stays usable. */
  @Override
  default void close() {}
}
