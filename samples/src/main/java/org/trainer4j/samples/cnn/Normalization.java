package org.trainer4j.samples.cnn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.nd4j.linalg.activations.Activation;
import org.trainer4j.layers.GroupNormalization;
import org.trainer4j.layers.LayerNormalization;
import org.trainer4j.layers.ProxyNorm;
import org.trainer4j.layers.SyncBatchNormalization;

/** The normalization (and ReLU) placed after each convolution of the seed experiments' CNNs. */
public enum Normalization {
  /** No normalization ("noBN"). */
  NONE("noBN"),
  /** BatchNorm with per-replica statistics ("normalBN"). */
  BATCH_NORM("BN"),
  /** BatchNorm with statistics over all replicas ("multi-gpuBN"). */
  SYNC_BATCH_NORM("SyncBN"),
  /** GroupNorm with its own affine. */
  GROUP_NORM("GroupNorm"),
  /** GroupNorm without affine, then Proxy Norm (affine, ReLU, proxy). */
  GROUP_NORM_PROXY("GroupNorm+ProxyNorm"),
  /** LayerNorm without affine, then Proxy Norm. */
  LAYER_NORM_PROXY("LayerNorm+ProxyNorm");

  private final String label;

  Normalization(String label) {
    this.label = label;
  }

  /** The name used in tables and plots. */
  public String label() {
    return label;
  }

  /**
   * Appends this normalization and a ReLU to {@code list}.
   *
   * @param groups GroupNorm groups; must divide the channel count
   */
  void appendWithRelu(NeuralNetConfiguration.ListBuilder list, int groups) {
    switch (this) {
      case NONE -> list.layer(relu());
      case BATCH_NORM -> list.layer(new BatchNormalization.Builder().build()).layer(relu());
      case SYNC_BATCH_NORM ->
          list.layer(new SyncBatchNormalization.Builder().build()).layer(relu());
      case GROUP_NORM -> list.layer(new GroupNormalization.Builder(groups).build()).layer(relu());
      case GROUP_NORM_PROXY ->
          list.layer(new GroupNormalization.Builder(groups).affine(false).build())
              .layer(new ProxyNorm.Builder().activation(Activation.RELU).build());
      case LAYER_NORM_PROXY ->
          list.layer(new LayerNormalization.Builder().affine(false).build())
              .layer(new ProxyNorm.Builder().activation(Activation.RELU).build());
    }
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }
}
