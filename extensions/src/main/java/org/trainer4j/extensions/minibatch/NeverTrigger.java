package org.trainer4j.extensions.minibatch;

import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/** A trigger that never fires: for extensions that only run before training. */
final class NeverTrigger implements Trigger {

  @Override
  public boolean test(Trainer trainer) {
    return false;
  }
}
