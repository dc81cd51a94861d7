package org.trainer4j.training.triggers;

import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/**
 * Base for triggers: computes the answer once per iteration and repeats it to later callers in
 * the same iteration, so a stateful trigger is never advanced twice by one iteration.
 */
public abstract class CachedTrigger implements Trigger {

  private Trainer cachedTrainer;
  private long cachedIteration = -1;
  private boolean cachedAnswer;

  @Override
  public final boolean test(Trainer trainer) {
    long iteration = trainer.getUpdater().getIteration();
    if (trainer != cachedTrainer || iteration != cachedIteration) {
      cachedAnswer = compute(trainer);
      cachedTrainer = trainer;
      cachedIteration = iteration;
    }
    return cachedAnswer;
  }

  /** Decides whether to fire at the trainer's current iteration; called once per iteration. */
  protected abstract boolean compute(Trainer trainer);

  /** Forgets the cached answer (after loading state, for example). */
  protected final void invalidate() {
    cachedTrainer = null;
    cachedIteration = -1;
  }
}
