package org.trainer4j.training;

/**
 * The default trigger of an extension: fires at every iteration after the first update, as
 * Chainer's {@code (1, 'iteration')}. Asked once per iteration by the trainer, Chainer's stateful
 * interval trigger and this stateless rule give the same answers, and a stateless rule needs no
 * serialized state. It lives here rather than in {@code training.triggers} so that this package
 * does not depend on that one (which depends on this one).
 */
final class EveryIteration implements Trigger {

  @Override
  public boolean test(Trainer trainer) {
    return trainer.getUpdater().getIteration() > 0;
  }

  @Override
  public String toString() {
    return "every iteration";
  }
}
