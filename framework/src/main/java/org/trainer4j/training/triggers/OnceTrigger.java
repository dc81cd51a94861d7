package org.trainer4j.training.triggers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;

/**
 * Fires at the first iteration it is asked about, then never again, as Chainer's OnceTrigger. With
 * {@code callOnResume}, a trigger that has loaded a saved state fires once more at its next
 * question.
 */
public final class OnceTrigger extends CachedTrigger {

  private static final Logger log = LoggerFactory.getLogger(OnceTrigger.class);

  private final boolean callOnResume;
  private boolean fired;
  private boolean resumed;

  public OnceTrigger(boolean callOnResume) {
    this.callOnResume = callOnResume;
  }

  public OnceTrigger() {
    this(false);
  }

  @Override
  protected boolean compute(Trainer trainer) {
    boolean fire = !isFinished();
    fired = true;
    resumed = false;
    return fire;
  }

  @Override
  public boolean isFinished() {
    return fired && !resumed;
  }

  @Override
  public void serialize(Serializer s) {
    if (s.isLoading() && !s.contains("fired")) {
      // Chainer's guess for a state saved without the flag: it was saved after the first call.
      log.warn("OnceTrigger state at {} has no 'fired' flag; assuming it has fired", s.path());
      fired = true;
    } else {
      fired = s.serializeBoolean("fired", fired);
    }
    if (s.isLoading()) {
      resumed = callOnResume;
    }
    invalidate();
  }
}
