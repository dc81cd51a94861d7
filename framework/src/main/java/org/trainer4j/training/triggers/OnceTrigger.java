package org.trainer4j.training.triggers;

import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;

/**
 * Fires at the first iteration it is asked about, then never again. With {@code callOnResume}, a
 * resumed run fires it once more.
 */
public final class OnceTrigger extends CachedTrigger {

  private final boolean callOnResume;
  private boolean fired;

  public OnceTrigger(boolean callOnResume) {
    this.callOnResume = callOnResume;
  }

  public OnceTrigger() {
    this(false);
  }

  @Override
  protected boolean compute(Trainer trainer) {
    boolean fire = !fired;
    fired = true;
    return fire;
  }

  @Override
  public boolean isFinished() {
    return fired;
  }

  @Override
  public void serialize(Serializer s) {
    boolean saved = s.serializeBoolean("fired", fired);
    fired = s.isLoading() && callOnResume ? false : saved;
    invalidate();
  }
}
