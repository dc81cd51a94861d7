package org.trainer4j.model;

import com.google.common.base.Preconditions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.trainer4j.datasets.Batch;
import org.trainer4j.serialization.Serializer;

/**
 * What a model does the same way for every DL4J network kind; each kind supplies the few calls
 * where DL4J's network classes differ ({@link MultiLayerModel}, {@link GraphModel}).
 */
abstract sealed class NetworkModel<N extends org.deeplearning4j.nn.api.Model> implements Model
    permits MultiLayerModel, GraphModel {

  final N network;
  private final AccuracyProbe accuracy = new AccuracyProbe();
  private final List<GradientListener> gradientListeners = new CopyOnWriteArrayList<>();
  private boolean training = true;

  /** Wraps {@code network}, initializing it first if it has no parameters yet. */
  NetworkModel(N network) {
    OperandFence.install();
    if (network.params() == null || network.params().isEmpty()) {
      network.init();
    }
    this.network = network;
  }

  // ---- what each network kind does its own way

  abstract NetworkModel<N> wrap(N network);

  abstract N cloneNetwork();

  abstract N restore(byte[] bytes) throws IOException;

  abstract Layer[] layerArray();

  /** The prefix of a layer's parameter names in the network's parameter table. */
  abstract String paramPrefix(Layer layer);

  abstract void validateFeatures(INDArray features);

  abstract void validateLabels(INDArray labels);

  abstract void fitNetwork(Batch batch);

  abstract void computeNetworkGradients(Batch batch);

  abstract Gradient networkGradient();

  abstract INDArray flatGradients();

  abstract void updateNetwork(Gradient gradient, int iteration, int epoch, int batchSize);

  abstract void applyConstraints(int iteration, int epoch);

  abstract INDArray networkOutput(INDArray features, boolean training);

  abstract double score(Batch batch, boolean training);

  abstract Prediction onePass(Batch batch, boolean training);

  /** Creates DL4J's lazily made updater if needed and returns its state (maybe empty or null). */
  abstract INDArray updaterStateView();

  /** Replaces DL4J's updater with one built from the layers' current rules, with fresh state. */
  abstract void rebuildUpdater();

  abstract void setCounters(int iterations, int epochs);

  abstract Collection<TrainingListener> listeners();

  abstract void setListeners(List<TrainingListener> listeners);

  // ---- the model

  @Override
  public final <T> T unwrap(Class<T> type) {
    Preconditions.checkNotNull(type, "type");
    Preconditions.checkArgument(
        type.isInstance(network),
        "this model wraps a %s, which is not a %s",
        network.getClass().getName(),
        type.getName());
    return type.cast(network);
  }

  @Override
  public final boolean isTraining() {
    return training;
  }

  @Override
  public final void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public final Model copy() {
    ensureUpdater();
    NetworkModel<N> copy = wrap(cloneNetwork());
    INDArray state = updaterState();
    if (state != null && copy.updaterState() != null) {
      copy.updaterState().assign(state);
    }
    copy.setCounters(iterationCount(), epochCount());
    copy.training = training;
    return copy;
  }

  @Override
  public final StepResult fit(Batch batch) {
    return step(batch, "fit", this::fitNetwork, true);
  }

  @Override
  public final StepResult computeGradients(Batch batch) {
    return step(batch, "computeGradients", this::computeNetworkGradients, false);
  }

  @Override
  public final void addGradientListener(GradientListener listener) {
    gradientListeners.add(Preconditions.checkNotNull(listener, "listener"));
  }

  @Override
  public final void removeGradientListener(GradientListener listener) {
    gradientListeners.remove(listener);
  }

  /**
   * Runs one DL4J step with the accuracy probe among the network's listeners, and afterwards puts
   * back exactly the listeners the network had, so the user's network never keeps trainer4j's.
   */
  private StepResult step(Batch batch, String method, Consumer<Batch> run, boolean updates) {
    Preconditions.checkNotNull(batch, "batch");
    Preconditions.checkState(training, "%s() needs training mode; call setTraining(true)", method);
    validate(batch);
    accuracy.expect(batch.labels());
    List<TrainingListener> own = new ArrayList<>(listeners());
    List<TrainingListener> withProbe = new ArrayList<>(own);
    withProbe.add(accuracy);
    boolean tapped = !gradientListeners.isEmpty();
    if (tapped && updates) {
      // DL4J calls this between the backward pass and the updater, which overwrites the gradient.
      withProbe.add(new GradientTap(batch.size()));
    }
    setListeners(withProbe);
    try {
      run.accept(batch);
    } finally {
      setListeners(own);
    }
    if (tapped && !updates) {
      notifyGradient(batch.size());
    }
    return new StepResult(network.score(), accuracy.lastAccuracy(), batch.size());
  }

  private void notifyGradient(int batchSize) {
    for (GradientListener listener : gradientListeners) {
      listener.gradientComputed(this, batchSize);
    }
  }

  /** Hands DL4J's gradient, before the update, to the gradient listeners. */
  private final class GradientTap extends BaseTrainingListener {
    private final int batchSize;

    GradientTap(int batchSize) {
      this.batchSize = batchSize;
    }

    @Override
    public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
      notifyGradient(batchSize);
    }
  }

  @Override
  public final void applyGradients(int batchSize) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Gradient gradient = networkGradient();
    Preconditions.checkState(
        gradient != null, "no gradient to apply: call computeGradients(batch) first");
    ensureUpdater();
    int iteration = iterationCount();
    int epoch = epochCount();
    updateNetwork(gradient, iteration, epoch, batchSize);
    INDArray params = params();
    params.subi(gradients().reshape(params.shape()));
    for (TrainingListener listener : listeners()) {
      listener.iterationDone(network, iteration, epoch);
    }
    setCounters(iteration + 1, epoch);
    applyConstraints(iteration + 1, epoch);
  }

  @Override
  public final INDArray output(INDArray features) {
    Preconditions.checkNotNull(features, "features");
    validateFeatures(features);
    return networkOutput(features, training);
  }

  @Override
  public final double loss(Batch batch) {
    Preconditions.checkNotNull(batch, "batch");
    validate(batch);
    return score(batch, training);
  }

  @Override
  public final Prediction predict(Batch batch) {
    Preconditions.checkNotNull(batch, "batch");
    validate(batch);
    return onePass(batch, training);
  }

  @Override
  public final INDArray params() {
    return network.params();
  }

  @Override
  public final long numParams() {
    return network.numParams();
  }

  @Override
  public final Map<String, INDArray> paramTable() {
    Map<String, INDArray> copies = new LinkedHashMap<>();
    paramViews().forEach((name, view) -> copies.put(name, view.dup()));
    return Collections.unmodifiableMap(copies);
  }

  /** The network's own parameter table: views, for shape checks inside this package. */
  final Map<String, INDArray> paramViews() {
    return network.paramTable();
  }

  @Override
  public final INDArray gradients() {
    return flatGradients();
  }

  @Override
  public final Map<String, INDArray> trainedGradients() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    trainedGradientViews().forEach((name, values) -> out.put(name, values.dup()));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public final double trainedGradientSquaredNorm() {
    double sum = 0;
    for (INDArray values : trainedGradientViews().values()) {
      double norm = values.norm2Number().doubleValue();
      sum += norm * norm;
    }
    return sum;
  }

  /**
   * The last gradient of the parameters the optimizer trains, as views into DL4J's gradient, by
   * {@link #paramTable()} name and in its order.
   */
  private Map<String, INDArray> trainedGradientViews() {
    Gradient gradient = networkGradient();
    Preconditions.checkState(gradient != null, "no gradient: call computeGradients(batch) first");
    Map<String, INDArray> byName = gradient.gradientForVariable();
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Layer layer : layerArray()) {
      for (String key : layer.paramTable(true).keySet()) {
        if (!layer.updaterDivideByMinibatch(key)) {
          continue; // batch normalization's running mean and variance
        }
        String name = paramPrefix(layer) + "_" + key;
        INDArray values = byName.get(name);
        Preconditions.checkState(values != null, "no gradient for %s", name);
        out.put(name, values);
      }
    }
    return out;
  }

  @Override
  public final INDArray updaterState() {
    INDArray state = updaterStateView();
    return state == null || state.isEmpty() ? null : state;
  }

  @Override
  public final void useUpdateRule(IUpdater rule) {
    Preconditions.checkNotNull(rule, "rule");
    Layer[] layers = layerArray();
    switch (UpdateRules.compare(layers, rule)) {
      case SAME_INSTANCE -> {}
      case EQUAL_CONFIGURATION -> {
        // DL4J's updater holds the rule instance it was built with: rebuild it around the new
        // instance, keeping the state, whose layout an equal rule leaves unchanged.
        INDArray state = updaterState();
        INDArray kept = state == null ? null : state.dup();
        UpdateRules.install(layers, rule);
        rebuildUpdater();
        if (kept != null) {
          updaterState().assign(kept);
        }
      }
      case DIFFERENT -> {
        UpdateRules.install(layers, rule);
        rebuildUpdater();
      }
    }
  }

  @Override
  public final <T> List<T> layers(Class<T> type) {
    Preconditions.checkNotNull(type, "type");
    return Arrays.stream(layerArray()).filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public final void serialize(Serializer s) {
    training = s.serializeBoolean("training", training);
    byte[] saved = s.serializeBytes("network", s.isLoading() ? null : toBytes());
    if (s.isLoading() && saved != null) {
      loadFrom(saved, s.path());
    }
  }

  private void validate(Batch batch) {
    validateFeatures(batch.features());
    validateLabels(batch.labels());
  }

  private void ensureUpdater() {
    // DL4J creates the updater lazily; creating it early allocates zero state and changes nothing
    // observable, but lets copies and snapshots always carry the optimizer state.
    updaterStateView();
  }

  private byte[] toBytes() {
    ensureUpdater();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ModelSerializer.writeModel(network, out, true);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not serialize the network", e);
    }
  }

  private void loadFrom(byte[] bytes, String path) {
    NetworkBytes.checkEntries(bytes, path);
    NetworkModel<N> saved;
    try {
      saved = wrap(restore(bytes));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the network stored at " + path + " could not be read: " + e.getMessage(), e);
    }
    ModelShapes.checkSameParameters(saved.paramViews(), paramViews(), path);
    INDArray state = updaterState();
    INDArray savedState = saved.updaterState();
    // Checked before anything is assigned, so a mismatch leaves this model untouched.
    if (state != null && savedState != null && state.length() != savedState.length()) {
      throw new IllegalStateException(
          String.format(
              "optimizer state at %s has %d values but this model's optimizer has %d:"
                  + " the snapshot used a different optimizer",
              path, savedState.length(), state.length()));
    }
    params().assign(saved.params());
    if (state != null && savedState != null) {
      state.assign(savedState);
    }
    setCounters(saved.iterationCount(), saved.epochCount());
  }
}
