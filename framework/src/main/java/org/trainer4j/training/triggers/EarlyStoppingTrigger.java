package org.trainer4j.training.triggers;

import com.google.common.base.Preconditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/**
 * A stop trigger that ends training when the monitored value has not improved for {@code patience}
 * checks, or when {@code maxTrigger} fires. Unlike Chainer's, its best value and patience counter
 * are serialized, so a resumed run keeps counting where it stopped.
 */
public final class EarlyStoppingTrigger extends CachedTrigger {

  private static final Logger log = LoggerFactory.getLogger(EarlyStoppingTrigger.class);

  /** Whether smaller or larger values are better; AUTO picks MAX for keys containing "acc". */
  public enum Mode {
    MIN,
    MAX,
    AUTO
  }

  private final Trigger checkTrigger;
  private final String monitor;
  private final int patience;
  private final boolean maximize;
  private final Trigger maxTrigger;
  private Double best;
  private int badChecks;
  private double sum;
  private long count;
  private boolean warnedUnobserved;

  private EarlyStoppingTrigger(Builder b) {
    this.checkTrigger = b.checkTrigger;
    this.monitor = b.monitor;
    this.patience = b.patience;
    this.maximize = b.mode == Mode.MAX || (b.mode == Mode.AUTO && b.monitor.contains("acc"));
    this.maxTrigger = b.maxTrigger;
  }

  /** Defaults: monitor {@code main/loss}, check every epoch, patience 3, at most 100 epochs. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected boolean compute(Trainer trainer) {
    Double value = trainer.getObservation().get(monitor);
    if (value != null) {
      sum += value;
      count++;
    }
    if (maxTrigger.test(trainer)) {
      return true;
    }
    if (!checkTrigger.test(trainer)) {
      return false;
    }
    if (count == 0) {
      // As Chainer, a warning, not an error: a monitor observed less often than the checks (an
      // evaluation every other epoch) is legitimate. Silent, a misspelled key never stopped early.
      if (!warnedUnobserved) {
        warnedUnobserved = true;
        log.warn(
            "early stopping: no '{}' was observed since the last check, so it cannot stop early;"
                + " observed keys: {}",
            monitor,
            trainer.getObservation().keySet());
      }
      return false;
    }
    double mean = sum / count;
    sum = 0;
    count = 0;
    if (Double.isNaN(mean)) {
      // A diverged check counts against the patience but never becomes the best, which no later
      // value would then beat: training stopped after patience checks of steady improvement.
      badChecks++;
    } else if (best == null || (maximize ? mean > best : mean < best)) {
      best = mean;
      badChecks = 0;
    } else {
      badChecks++;
    }
    if (badChecks >= patience) {
      log.info("early stopping: {} has not improved on {} for {} checks", monitor, best, badChecks);
      return true;
    }
    return false;
  }

  /** The best monitored average so far, or null. */
  public Double best() {
    return best;
  }

  @Override
  public void serialize(Serializer s) {
    best = s.serializeNullableDouble("best", best);
    badChecks = s.serializeInt("bad_checks", badChecks);
    sum = s.serializeDouble("sum", sum);
    count = s.serializeLong("count", count);
    checkTrigger.serialize(s.child("check_trigger"));
    maxTrigger.serialize(s.child("max_trigger"));
    invalidate();
  }

  /** Configures an {@link EarlyStoppingTrigger}. */
  public static final class Builder {
    private Trigger checkTrigger = IntervalTrigger.epochs(1);
    private String monitor = "main/loss";
    private int patience = 3;
    private Mode mode = Mode.AUTO;
    private Trigger maxTrigger = IntervalTrigger.epochs(100);

    private Builder() {}

    public Builder monitor(String monitor) {
      this.monitor = Preconditions.checkNotNull(monitor, "monitor");
      return this;
    }

    public Builder checkTrigger(Trigger checkTrigger) {
      this.checkTrigger = Preconditions.checkNotNull(checkTrigger, "checkTrigger");
      return this;
    }

    public Builder patience(int patience) {
      Preconditions.checkArgument(patience > 0, "patience must be positive: %s", patience);
      this.patience = patience;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Preconditions.checkNotNull(mode, "mode");
      return this;
    }

    public Builder maxTrigger(Trigger maxTrigger) {
      this.maxTrigger = Preconditions.checkNotNull(maxTrigger, "maxTrigger");
      return this;
    }

    public EarlyStoppingTrigger build() {
      return new EarlyStoppingTrigger(this);
    }
  }
}
