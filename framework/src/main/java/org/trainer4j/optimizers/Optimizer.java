package org.trainer4j.optimizers;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.learning.config.IUpdater;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Optimizer: owns a {@link Model} (its target) and one update rule (a DL4J {@link
 * IUpdater}) holding the hyperparameters. {@link #setup(Model)} makes every layer of the target use
 * that very rule instance, so the hyperparameters live in one place: {@link #set(String, double)}
 * changes the rule and the target's next update reads it. The rule's state (momentum, Adam's
 * moments) lives in the network, so it travels with the model.
 */
public abstract class Optimizer {

  /** The learning rate's name in {@link #get(String)} and {@link #set(String, double)}. */
  public static final String LR = "lr";

  private final IUpdater rule;
  private final List<String> names;
  private Model model;

  /**
   * @param rule the update rule, already holding the initial hyperparameters; the optimizer keeps
   *     it and is from now on its only writer
   * @param names the hyperparameters {@link #get} and {@link #set} reach, {@code lr} among them
   */
  protected Optimizer(IUpdater rule, List<String> names) {
    Preconditions.checkNotNull(rule, "rule");
    Preconditions.checkArgument(names.contains(LR), "every optimizer has a learning rate");
    this.rule = rule;
    this.names = List.copyOf(names);
    for (String name : this.names) {
      checkValue(name, read(rule, name));
    }
  }

  /**
   * Makes {@code model} the target and its layers use this optimizer's rule. If they used an equal
   * rule (the same kind and hyperparameters, as a copy of the target does) the model's optimizer
   * state is kept, so switching between a model and its copy loses nothing; otherwise it starts
   * fresh.
   */
  public final void setup(Model model) {
    Preconditions.checkNotNull(model, "model");
    model.useUpdateRule(rule);
    this.model = model;
  }

  /** The target model. */
  public final Model getModel() {
    Preconditions.checkState(model != null, "the optimizer has no model: call setup(model) first");
    return model;
  }

  /** One update of the target on {@code batch}. */
  public StepResult update(Batch batch) {
    return getModel().fit(batch);
  }

  /** The hyperparameter names this optimizer understands, e.g. {@code lr}, {@code momentum}. */
  public final Set<String> hyperparameterNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * The current value of hyperparameter {@code name}.
   *
   * @throws IllegalArgumentException naming the known hyperparameters if {@code name} is unknown
   */
  public final double get(String name) {
    return read(rule, checkName(name));
  }

  /**
   * Changes hyperparameter {@code name} in the rule; the next update of every model set up with
   * this optimizer uses the new value.
   */
  public final void set(String name, double value) {
    checkName(name);
    checkValue(name, value);
    write(rule, name, value);
  }

  public final double getLearningRate() {
    return get(LR);
  }

  public final void setLearningRate(double lr) {
    set(LR, lr);
  }

  /** Saves or loads the hyperparameters; optimizer state is saved with the model. */
  public void serialize(Serializer s) {
    for (String name : names) {
      double value = s.serializeDouble(name, get(name));
      if (s.isLoading()) {
        set(name, value);
      }
    }
  }

  /** Reads one hyperparameter from the rule given to the constructor. */
  protected abstract double read(IUpdater rule, String name);

  /** Writes one hyperparameter into the rule given to the constructor. */
  protected abstract void write(IUpdater rule, String name, double value);

  /**
   * Value checks beyond finiteness; the default requires a learning rate of at least zero (zero:
   * schedules such as a linear or polynomial decay end there).
   */
  protected void checkValue(String name, double value) {
    Preconditions.checkArgument(
        Double.isFinite(value), "hyperparameter %s must be finite: %s", name, value);
    if (LR.equals(name)) {
      Preconditions.checkArgument(value >= 0, "lr must not be negative: %s", value);
    }
  }

  private String checkName(String name) {
    Preconditions.checkNotNull(name, "name");
    Preconditions.checkArgument(
        names.contains(name),
        "%s has no hyperparameter '%s'; it has %s",
        getClass().getSimpleName(),
        name,
        names);
    return name;
  }
}
