package org.trainer4j.extensions.schedule;

import com.google.common.base.Preconditions;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.serialization.Serializer;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;

/**
 * Base of the hyperparameter schedules (Chainer's {@code *Shift} extensions): sets an optimizer
 * hyperparameter, by name ({@code "lr"}, {@code "momentum"}, {@code "beta1"}, ...), to {@link
 * #valueAt(long, double)} of the number of calls so far. Called every iteration by default; the
 * value of call {@code t} applies from the next update on. The call count, the initial value, the
 * last value set and the {@link #rescale scale} are serialized, so a resumed run continues the
 * schedule exactly.
 */
public abstract class Shift implements Extension {

  private final String attr;
  private final String optimizerName;
  private Double init;
  private Double lastValue;
  private long t;
  private double scale = 1.0;

  /**
   * A schedule of hyperparameter {@code attr} of the optimizer {@code optimizerName} starting from
   * {@code init}, or from the optimizer's current value when {@code init} is null.
   */
  protected Shift(String attr, Double init, String optimizerName) {
    Preconditions.checkArgument(attr != null && !attr.isEmpty(), "attr must not be empty");
    Preconditions.checkNotNull(optimizerName, "optimizerName");
    Preconditions.checkArgument(
        init == null || Double.isFinite(init), "init must be finite: %s", init);
    this.attr = attr;
    this.init = init;
    this.optimizerName = optimizerName;
  }

  /**
   * {@code value}, refused unless finite: a subclass's constructor argument {@code name} that would
   * otherwise fail only mid-training, in the optimizer, without naming the schedule.
   */
  static double requireFinite(double value, String name) {
    Preconditions.checkArgument(Double.isFinite(value), "%s must be finite: %s", name, value);
    return value;
  }

  /** As {@link #requireFinite(double, String)} for an optional {@code target}; null passes. */
  static Double requireFiniteTarget(Double target) {
    return target == null ? null : requireFinite(target, "target");
  }

  /** The value after {@code t} calls, starting from {@code init}. */
  protected abstract double valueAt(long t, double init);

  /**
   * Chainer's rule for a shift that stops at {@code target}: a growing shift stops once {@code
   * value / target > 1}, a shrinking one once {@code value / target < 1}. The ratio, not the larger
   * or smaller of the two, decides, so a negative hyperparameter moves towards its target too (from
   * -2 halving towards -1.2: -1.2, not -1). Written without the division: a target of 0, where
   * Chainer would divide by zero, never stops these shifts, whose values keep the sign of {@code
   * init} and so never pass 0.
   */
  protected static double stopAtTarget(double value, Double target, boolean growing) {
    if (target == null || target == 0) {
      return value;
    }
    boolean beyond = growing == (target > 0) ? value > target : value < target;
    return beyond ? target : value;
  }

  /**
   * Sets the hyperparameter to the initial value, or to the last value set when resuming, as
   * Chainer's shifts do; the target does not apply to the initial value.
   */
  @Override
  public void initialize(Trainer trainer) {
    Optimizer optimizer = optimizer(trainer);
    if (init == null) {
      init = optimizer.get(attr);
    }
    set(optimizer, lastValue != null ? lastValue : scale * valueAt(t, init));
  }

  @Override
  public void call(Trainer trainer) {
    t++;
    set(optimizer(trainer), scale * valueAt(t, init));
  }

  /**
   * Multiplies every value this schedule sets from now on, and the value it set last, by {@code
   * factor}: the schedule keeps its shape around a rescaled hyperparameter, as when the
   * MinibatchSizeOptimizer scales the learning rate with the batch size it chose. The caller sets
   * the optimizer's current value itself.
   *
   * @throws IllegalArgumentException if {@code factor} is not positive and finite
   */
  public void rescale(double factor) {
    Preconditions.checkArgument(
        factor > 0 && Double.isFinite(factor), "factor must be positive: %s", factor);
    scale *= factor;
    if (lastValue != null) {
      lastValue *= factor;
    }
  }

  /** The product of the {@link #rescale} factors so far (1 when never rescaled). */
  public double scale() {
    return scale;
  }

  /** The name of the optimizer whose hyperparameter this schedule sets. */
  public String optimizerName() {
    return optimizerName;
  }

  /** The hyperparameter's name. */
  public String attr() {
    return attr;
  }

  /** Calls so far. */
  public long count() {
    return t;
  }

  /** The value last set, or null before the first. */
  public Double lastValue() {
    return lastValue;
  }

  @Override
  public String defaultName() {
    return getClass().getSimpleName() + "_" + attr;
  }

  @Override
  public void serialize(Serializer s) {
    t = s.serializeLong("t", t);
    init = s.serializeNullableDouble("init", init);
    lastValue = s.serializeNullableDouble("last_value", lastValue);
    if (!s.isLoading() || s.contains("scale")) { // snapshots from before rescale() lack it
      scale = s.serializeDouble("scale", scale);
    }
  }

  private void set(Optimizer optimizer, double value) {
    optimizer.set(attr, value);
    lastValue = value;
  }

  private Optimizer optimizer(Trainer trainer) {
    return trainer.getUpdater().getOptimizer(optimizerName);
  }
}
