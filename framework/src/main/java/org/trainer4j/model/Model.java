package org.trainer4j.model;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.trainer4j.datasets.Batch;
import org.trainer4j.serialization.Serializer;

/**
 * Chainer's Model (a "link"): a DL4J network with train/eval mode, input validation, an independent
 * deep {@link #copy()} and state serialization. Optimizer state lives in the network (DL4J's
 * updater), so it travels with copies and snapshots; the optimizer's hyperparameters live in its
 * update rule ({@link #useUpdateRule(IUpdater)}).
 *
 * <p>One implementation per DL4J network kind, made by {@link #of(MultiLayerNetwork)} and {@link
 * #of(ComputationGraph)}; {@link #unwrap(Class)} reaches the network itself.
 */
public interface Model {

  /** Wraps {@code network}, initializing it if needed. The model keeps using this instance. */
  static Model of(MultiLayerNetwork network) {
    Preconditions.checkNotNull(network, "network");
    return new MultiLayerModel(network);
  }

  /** Wraps {@code graph}, initializing it if needed. The model keeps using this instance. */
  static Model of(ComputationGraph graph) {
    Preconditions.checkNotNull(graph, "graph");
    return new GraphModel(graph);
  }

  /**
   * The wrapped network as {@code type}, e.g. {@code unwrap(MultiLayerNetwork.class)}: for what
   * this interface does not offer. Changing its configuration or listeners while a trainer runs is
   * at the caller's risk.
   *
   * @throws IllegalArgumentException naming the network's class if it is not a {@code type}
   */
  <T> T unwrap(Class<T> type);

  /** True in training mode (BN uses batch statistics, dropout active). */
  boolean isTraining();

  /** Switches between training and evaluation (inference) mode. */
  void setTraining(boolean training);

  /**
   * A deep copy that shares nothing with this model but its update rule: parameters, BN running
   * statistics, optimizer state, iteration and epoch counters and mode. Training either leaves the
   * other untouched.
   */
  Model copy();

  /**
   * One training step on {@code batch}: forward, backward and the optimizer update. The accuracy
   * comes from the same forward pass.
   *
   * @throws IllegalStateException in evaluation mode
   * @throws IllegalArgumentException if the batch does not fit the network's input or output
   */
  StepResult fit(Batch batch);

  /**
   * Forward and backward on {@code batch} without changing any parameter: afterwards {@link
   * #gradients()} holds the loss gradient summed over the batch's examples (DL4J's convention; the
   * optimizer divides by the batch size). With {@link #applyGradients(int)} this is {@link
   * #fit(Batch)} split in two, so that data-parallel training can average gradients in between.
   *
   * @throws IllegalStateException in evaluation mode
   * @throws IllegalArgumentException if the batch does not fit the network's input or output
   */
  StepResult computeGradients(Batch batch);

  /**
   * The update half of {@link #fit(Batch)}: applies the optimizer (its rule, state and
   * hyperparameters) to the gradient in {@link #gradients()}, steps the parameters, applies
   * constraints and counts the iteration.
   *
   * @param batchSize the number of examples the gradient is summed over
   * @throws IllegalStateException if no gradient has been computed
   */
  void applyGradients(int batchSize);

  /** The network's output for {@code features} in the current mode (first output of a graph). */
  INDArray output(INDArray features);

  /** The loss on {@code batch} in the current mode, without changing parameters. */
  double loss(Batch batch);

  /**
   * The loss on {@code batch} and the network's output (first output of a graph), from one pass
   * through the network in the current mode; only the output layer is evaluated a second time, for
   * the loss. A graph whose output is not a single output layer fed by a single vertex takes two
   * passes ({@link #loss(Batch)} and {@link #output(INDArray)}). In training mode dropout draws the
   * output layer's mask separately for the loss and the output.
   *
   * @throws IllegalArgumentException if the batch does not fit the network's input or output
   */
  Prediction predict(Batch batch);

  /**
   * The flat parameter vector, BN running statistics included. A view: writing it changes the
   * parameters (the data-parallel updaters synchronize replicas through it).
   */
  INDArray params();

  long numParams();

  /**
   * Copies of the parameters by name, e.g. {@code 0_W}, {@code 1_mean} (a graph: the layer's name),
   * in {@link #params()} order; writing them changes nothing.
   */
  Map<String, INDArray> paramTable();

  /**
   * The flat gradient of the last step, in {@link #params()} layout, or null before the first step.
   * A view: the data-parallel updaters average gradients in it before {@link #applyGradients(int)}.
   */
  INDArray gradients();

  /**
   * Copies of the last computed gradient of the parameters the optimizer trains (BN running
   * statistics are left out), by {@link #paramTable()} name and in its order.
   *
   * @throws IllegalStateException if no gradient has been computed
   */
  Map<String, INDArray> trainedGradients();

  /**
   * The squared L2 norm of the last computed gradient over the parameters the optimizer trains (the
   * entries of {@link #trainedGradients()}), read in place without copies: what the data-parallel
   * updaters report to a {@link org.trainer4j.training.updaters.ShardGradientListener}.
   *
   * @throws IllegalStateException if no gradient has been computed
   */
  double trainedGradientSquaredNorm();

  /**
   * Calls {@code listener} in every later training step between the gradient and the update ({@link
   * GradientListener}). Listeners belong to this model object: {@link #copy()} and a restored model
   * start without them.
   */
  void addGradientListener(GradientListener listener);

  /** Stops calling {@code listener}; nothing happens if it was not added. */
  void removeGradientListener(GradientListener listener);

  /**
   * The optimizer state (DL4J updater state), or null if the optimizer keeps none. A view: the
   * multi-process updater broadcasts rank 0's state into it.
   */
  INDArray updaterState();

  /**
   * Makes {@code rule} the update rule of every layer: the network's updater then reads that very
   * instance at each update, so whoever owns the rule (the {@code Optimizer}) changes
   * hyperparameters by changing it. If the layers already use an equal rule the optimizer state is
   * kept (switching between a model and its copy loses nothing); otherwise it starts fresh. Bias
   * updaters set on the layers are dropped.
   */
  void useUpdateRule(IUpdater rule);

  /** Steps trained so far (DL4J's counter, used by Adam's bias correction). */
  int iterationCount();

  int epochCount();

  /**
   * The network's layers (DL4J's layer implementations) that are {@code type}s, in order: for
   * layers that need a collaborator bound to them, such as synchronized BN's communicator.
   */
  <T> List<T> layers(Class<T> type);

  /**
   * Saves or loads parameters, optimizer state, counters and mode. Loading writes into this model's
   * existing arrays, so references to it stay valid.
   *
   * @throws IllegalStateException if the saved network's parameters do not match this network
   */
  void serialize(Serializer s);
}
