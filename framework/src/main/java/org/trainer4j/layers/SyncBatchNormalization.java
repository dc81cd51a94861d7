package org.trainer4j.layers;

import com.google.common.base.Preconditions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.layers.impl.SyncBatchNormalizationLayer;

/**
 * Batch normalization whose training statistics span all replicas of a data-parallel job (seed
 * 000's "multi-GPU BN"): every replica normalizes its shard with the mean and variance of the whole
 * minibatch, and backpropagates through those shared statistics. A subclass of DL4J's {@link
 * BatchNormalization} configuration with the same parameters and options, so a model switches by
 * replacing the builder. Outside a data-parallel step (a plain {@code fit}, inference, a single
 * model) it behaves exactly like {@link BatchNormalization}; inside one (replica threads of {@code
 * ParallelUpdater} or MPI processes of {@code DistributedUpdater}) the results equal plain batch
 * normalization on the concatenated batch. Dense ({@code [n, C]}) and convolutional ({@code [n, C,
 * h, w]}, also NHWC) activations.
 */
public class SyncBatchNormalization extends BatchNormalization {

  /** Default configuration, as {@link BatchNormalization#BatchNormalization()}. */
  public SyncBatchNormalization() {
    super();
  }

  /**
   * A synchronized copy of {@code config}: same decay, eps, parameters and options.
   *
   * @throws IllegalArgumentException if {@code eps} is not a positive finite number or {@code
   *     decay} is not in [0, 1), or a locked gamma and beta are one at its default and one not
   */
  public static SyncBatchNormalization of(BatchNormalization config) {
    Preconditions.checkNotNull(config, "config");
    checkHyperParameters(config);
    SyncBatchNormalization sync = new SyncBatchNormalization();
    // BatchNormalization's builder constructor is private, and its fields span four classes;
    // copying them all keeps every option, including ones added by later DL4J releases.
    for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          field.setAccessible(true);
          field.set(sync, field.get(config));
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException(
              "cannot copy BatchNormalization field " + field.getName(), e);
        }
      }
    }
    return sync.clone();
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNOutSet("SyncBatchNormalization", getLayerName(), layerIndex, getNOut());
    checkHyperParameters(this); // again: JSON and the setters bypass of()
    SyncBatchNormalizationLayer layer = new SyncBatchNormalizationLayer(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  /**
   * DL4J's builder takes any eps and decay. With eps 0 a channel that is constant over the batch
   * normalizes to 0/0 and the network turns NaN; a decay of 1 or more freezes the running
   * statistics at their initial values (or lets them grow without bound), so inference uses
   * statistics of no data; both surface only in training or evaluation, far from the cause.
   */
  private static void checkHyperParameters(BatchNormalization config) {
    double eps = config.getEps();
    double decay = config.getDecay();
    Preconditions.checkArgument(
        eps > 0 && Double.isFinite(eps),
        "SyncBatchNormalization '%s': eps must be a positive finite number, got %s",
        config.getLayerName(),
        eps);
    Preconditions.checkArgument(
        decay >= 0 && decay < 1,
        "SyncBatchNormalization '%s': decay must be in [0, 1), got %s",
        config.getLayerName(),
        decay);
    // DL4J 1.0.0-M2.1's forward pass applies a locked gamma and beta only when gamma != 1 and
    // beta != 0 both hold, and ignores them otherwise; the synchronized pass always applies them.
    // With one of them at its default the layer would train one function and infer another.
    Preconditions.checkArgument(
        !config.isLockGammaBeta() || (config.getGamma() != 1.0) == (config.getBeta() != 0.0),
        "SyncBatchNormalization '%s': with lockGammaBeta, gamma %s and beta %s must both differ from"
            + " 1 and 0 or both equal them: DL4J's batch normalization ignores them otherwise,"
            + " the synchronized training pass does not",
        config.getLayerName(),
        config.getGamma(),
        config.getBeta());
  }

  @Override
  public SyncBatchNormalization clone() {
    return (SyncBatchNormalization) super.clone();
  }

  @Override
  protected boolean canEqual(Object other) {
    return other instanceof SyncBatchNormalization;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncBatchNormalization && super.equals(o);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + 1;
  }

  /**
   * {@link BatchNormalization.Builder} that builds a {@link SyncBatchNormalization}: every option
   * of the DL4J builder applies.
   */
  public static class Builder extends BatchNormalization.Builder {

    @Override
    public SyncBatchNormalization build() {
      return of(super.build());
    }
  }
}
