package org.trainer4j.optimizers;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.trainer4j.datasets.Batch;
import org.trainer4j.model.Model;
import org.trainer4j.model.StepResult;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Optimizer: owns a {@link Model} (its target) and the update rule's hyperparameters.
 * The rule runs as DL4J's updater inside the network, so its state travels with the model; the
 * hyperparameters are read and written by name ({@code "lr"} first) while training, which is
 * what schedules do.
 */
public abstract class Optimizer {

  /** The learning rate's name in {@link #get(String)} and {@link #set(String, double)}. */
  public static final String LR = "lr";

  private final Map<String, Double> hyperparameters = new LinkedHashMap<>();
  private Model model;

  protected Optimizer(Map<String, Double> defaults) {
    Preconditions.checkArgument(defaults.containsKey(LR), "every optimizer has a learning rate");
    defaults.forEach(this::checkValue);
    hyperparameters.putAll(defaults);
  }

  /**
   * Makes {@code model} the target. If its layers are not configured with this optimizer's rule
   * and hyperparameters, installs them and starts from fresh optimizer state; otherwise keeps the
   * model's optimizer state (so switching between a model and its copy loses nothing).
   */
  public final void setup(Model model) {
    Preconditions.checkNotNull(model, "model");
    IUpdater desired = createUpdater();
    boolean changed = false;
    for (Layer layer : model.layers()) {
      changed |= install(layer.conf().getLayer(), desired);
    }
    if (changed) {
      model.resetUpdater();
    }
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
    return Collections.unmodifiableSet(hyperparameters.keySet());
  }

  /**
   * The current value of hyperparameter {@code name}.
   *
   * @throws IllegalArgumentException naming the known hyperparameters if {@code name} is unknown
   */
  public final double get(String name) {
    return hyperparameters.get(checkName(name));
  }

  /** Changes hyperparameter {@code name}; the target's next update uses the new value. */
  public final void set(String name, double value) {
    checkName(name);
    checkValue(name, value);
    hyperparameters.put(name, value);
    if (model != null) {
      for (Layer layer : model.layers()) {
        for (IUpdater u : updatersOf(layer.conf().getLayer())) {
          if (u != null) {
            apply(u, name, value);
          }
        }
      }
    }
  }

  public final double getLearningRate() {
    return get(LR);
  }

  public final void setLearningRate(double lr) {
    set(LR, lr);
  }

  /** Saves or loads the hyperparameters; optimizer state is saved with the model. */
  public void serialize(Serializer s) {
    for (String name : hyperparameters.keySet()) {
      double value = s.serializeDouble(name, hyperparameters.get(name));
      if (s.isLoading()) {
        set(name, value);
      }
    }
  }

  /** A DL4J update rule configured with the current hyperparameters. */
  protected abstract IUpdater createUpdater();

  /** Writes one hyperparameter into a rule created by {@link #createUpdater()}. */
  protected abstract void apply(IUpdater updater, String name, double value);

  /** Value checks beyond finiteness; the default requires a positive learning rate. */
  protected void checkValue(String name, double value) {
    Preconditions.checkArgument(
        Double.isFinite(value), "hyperparameter %s must be finite: %s", name, value);
    if (LR.equals(name)) {
      Preconditions.checkArgument(value > 0, "lr must be positive: %s", value);
    }
  }

  private String checkName(String name) {
    Preconditions.checkNotNull(name, "name");
    Preconditions.checkArgument(
        hyperparameters.containsKey(name),
        "%s has no hyperparameter '%s'; it has %s",
        getClass().getSimpleName(),
        name,
        hyperparameters.keySet());
    return name;
  }

  private static boolean install(org.deeplearning4j.nn.conf.layers.Layer conf, IUpdater desired) {
    boolean changed = false;
    if (conf instanceof BaseLayer base) {
      if (!desired.equals(base.getIUpdater())) {
        base.setIUpdater(desired.clone());
        changed = true;
      }
      if (base.getBiasUpdater() != null && !desired.equals(base.getBiasUpdater())) {
        base.setBiasUpdater(null);
        changed = true;
      }
    } else if (conf instanceof AbstractSameDiffLayer sd) {
      if (!desired.equals(sd.getUpdater())) {
        sd.setUpdater(desired.clone());
        changed = true;
      }
      if (sd.getBiasUpdater() != null && !desired.equals(sd.getBiasUpdater())) {
        sd.setBiasUpdater(null);
        changed = true;
      }
    }
    return changed;
  }

  private static IUpdater[] updatersOf(org.deeplearning4j.nn.conf.layers.Layer conf) {
    if (conf instanceof BaseLayer base) {
      return new IUpdater[] {base.getIUpdater(), base.getBiasUpdater()};
    }
    if (conf instanceof AbstractSameDiffLayer sd) {
      return new IUpdater[] {sd.getUpdater(), sd.getBiasUpdater()};
    }
    return new IUpdater[0];
  }
}
