package org.trainer4j.model;

import com.google.common.base.Preconditions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Model (a "link"): a DL4J {@link MultiLayerNetwork} or {@link ComputationGraph} with
 * train/eval mode, input validation, an independent deep {@link #copy()}, and state
 * serialization. Optimizer state lives in the network (DL4J's updater), so it travels with copies
 * and snapshots.
 */
public final class Model {

  private final MultiLayerNetwork multiLayer;
  private final ComputationGraph graph;
  private final AccuracyProbe accuracy = new AccuracyProbe();
  private boolean training = true;

  private Model(MultiLayerNetwork multiLayer, ComputationGraph graph) {
    this.multiLayer = multiLayer;
    this.graph = graph;
    List<TrainingListener> listeners = new ArrayList<>();
    var existing = multiLayer != null ? multiLayer.getListeners() : graph.getListeners();
    for (TrainingListener l : existing == null ? List.<TrainingListener>of() : existing) {
      if (!(l instanceof AccuracyProbe)) {
        listeners.add(l);
      }
    }
    listeners.add(accuracy);
    if (multiLayer != null) {
      multiLayer.setListeners(listeners);
    } else {
      graph.setListeners(listeners);
    }
  }

  /** Wraps {@code network}, initializing it if needed. The model keeps using this instance. */
  public static Model of(MultiLayerNetwork network) {
    Preconditions.checkNotNull(network, "network");
    if (network.params() == null || network.params().isEmpty()) {
      network.init();
    }
    return new Model(network, null);
  }

  /** Wraps {@code graph}, initializing it if needed. The model keeps using this instance. */
  public static Model of(ComputationGraph graph) {
    Preconditions.checkNotNull(graph, "graph");
    if (graph.params() == null || graph.params().isEmpty()) {
      graph.init();
    }
    return new Model(null, graph);
  }

  /** The wrapped network: a {@link MultiLayerNetwork} or a {@link ComputationGraph}. */
  public org.deeplearning4j.nn.api.Model network() {
    return multiLayer != null ? multiLayer : graph;
  }

  /** The wrapped network if it is a {@link MultiLayerNetwork}, else null. */
  public MultiLayerNetwork multiLayerNetwork() {
    return multiLayer;
  }

  /** The wrapped network if it is a {@link ComputationGraph}, else null. */
  public ComputationGraph computationGraph() {
    return graph;
  }

  /** True in training mode (BN uses batch statistics, dropout active). */
  public boolean isTraining() {
    return training;
  }

  /** Switches between training and evaluation (inference) mode. */
  public void setTraining(boolean training) {
    this.training = training;
  }

  /**
   * A deep copy that shares nothing with this model: parameters, BN running statistics, optimizer
   * state, iteration and epoch counters and mode. Training either leaves the other untouched.
   */
  public Model copy() {
    ensureUpdater();
    Model copy = multiLayer != null ? of(multiLayer.clone()) : of(graph.clone());
    INDArray state = updaterState();
    if (state != null && copy.updaterState() != null) {
      copy.updaterState().assign(state);
    }
    copy.setCounters(iterationCount(), epochCount());
    copy.training = training;
    return copy;
  }

  /**
   * One training step on {@code batch}: forward, backward and the optimizer update configured on
   * the network.
   *
   * @throws IllegalStateException in evaluation mode
   * @throws IllegalArgumentException if the batch does not fit the network's input or output
   */
  public StepResult fit(Batch batch) {
    Preconditions.checkNotNull(batch, "batch");
    Preconditions.checkState(training, "fit() needs training mode; call setTraining(true)");
    ModelShapes.validate(this, batch);
    accuracy.expect(batch.labels());
    if (multiLayer != null) {
      multiLayer.fit(batch.toDataSet());
    } else {
      graph.fit(batch.toDataSet());
    }
    return new StepResult(network().score(), accuracy.lastAccuracy(), batch.size());
  }

  /** The network's output for {@code features} in the current mode (first output of a graph). */
  public INDArray output(INDArray features) {
    Preconditions.checkNotNull(features, "features");
    ModelShapes.validateFeatures(this, features);
    return multiLayer != null
        ? multiLayer.output(features, training)
        : graph.output(training, features)[0];
  }

  /** The loss on {@code batch} in the current mode, without changing parameters. */
  public double loss(Batch batch) {
    Preconditions.checkNotNull(batch, "batch");
    ModelShapes.validate(this, batch);
    return multiLayer != null
        ? multiLayer.score(batch.toDataSet(), training)
        : graph.score(batch.toDataSet(), training);
  }

  /** The flat parameter vector (a view: BN running statistics included). */
  public INDArray params() {
    return network().params();
  }

  public long numParams() {
    return network().numParams();
  }

  /** Parameters by name, e.g. {@code 0_W}, {@code 1_mean}; views into {@link #params()}. */
  public Map<String, INDArray> paramTable() {
    return new LinkedHashMap<>(network().paramTable());
  }

  /** The flat gradient of the last step (a view), or null before the first step. */
  public INDArray gradients() {
    return multiLayer != null ? multiLayer.getFlattenedGradients() : graph.getFlattenedGradients();
  }

  /** The optimizer state (DL4J updater state view), or null if the optimizer keeps none. */
  public INDArray updaterState() {
    ensureUpdater();
    INDArray state =
        multiLayer != null
            ? multiLayer.getUpdater().getStateViewArray()
            : graph.getUpdater().getStateViewArray();
    return state == null || state.isEmpty() ? null : state;
  }

  /** Steps trained so far (DL4J's counter, used by Adam's bias correction). */
  public int iterationCount() {
    return multiLayer != null
        ? multiLayer.getIterationCount()
        : graph.getConfiguration().getIterationCount();
  }

  public int epochCount() {
    return multiLayer != null ? multiLayer.getEpochCount() : graph.getConfiguration().getEpochCount();
  }

  /** The network's layers in order. */
  public List<Layer> layers() {
    return Arrays.asList(multiLayer != null ? multiLayer.getLayers() : graph.getLayers());
  }

  /**
   * Rebuilds the optimizer (DL4J updater) from the layers' current updater configuration,
   * discarding its state. Used when an {@code Optimizer} installs a different update rule.
   */
  public void resetUpdater() {
    if (multiLayer != null) {
      multiLayer.setUpdater(new MultiLayerUpdater(multiLayer));
    } else {
      graph.setUpdater(new ComputationGraphUpdater(graph));
    }
  }

  /**
   * Saves or loads parameters, optimizer state, counters and mode. Loading writes into this
   * model's existing arrays, so references to it stay valid.
   *
   * @throws IllegalStateException if the saved network's parameters do not match this network
   */
  public void serialize(Serializer s) {
    training = s.serializeBoolean("training", training);
    byte[] saved = s.serializeBytes("network", s.isLoading() ? null : toBytes());
    if (s.isLoading() && saved != null) {
      loadFrom(saved, s.path());
    }
  }

  private byte[] toBytes() {
    ensureUpdater();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ModelSerializer.writeModel(network(), out, true);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not serialize the network", e);
    }
  }

  private void loadFrom(byte[] bytes, String path) {
    Model saved;
    try {
      saved =
          multiLayer != null
              ? new Model(
                  ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true),
                  null)
              : new Model(
                  null,
                  ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the network stored at " + path + " could not be read: " + e.getMessage(), e);
    }
    ModelShapes.checkSameParameters(saved, this, path);
    params().assign(saved.params());
    INDArray state = updaterState();
    INDArray savedState = saved.updaterState();
    if (state != null && savedState != null) {
      if (state.length() != savedState.length()) {
        throw new IllegalStateException(
            String.format(
                "optimizer state at %s has %d values but this model's optimizer has %d:"
                    + " the snapshot used a different optimizer",
                path, savedState.length(), state.length()));
      }
      state.assign(savedState);
    }
    setCounters(saved.iterationCount(), saved.epochCount());
  }

  private void setCounters(int iterations, int epochs) {
    if (multiLayer != null) {
      multiLayer.setIterationCount(iterations);
      multiLayer.setEpochCount(epochs);
    } else {
      graph.getConfiguration().setIterationCount(iterations);
      graph.getConfiguration().setEpochCount(epochs);
    }
  }

  private void ensureUpdater() {
    // DL4J creates the updater lazily; creating it early allocates zero state and changes nothing
    // observable, but lets copies and snapshots always carry the optimizer state.
    if (multiLayer != null) {
      multiLayer.getUpdater(true);
    } else {
      graph.getUpdater(true);
    }
  }

}
