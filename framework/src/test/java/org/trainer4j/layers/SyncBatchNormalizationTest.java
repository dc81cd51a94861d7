package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.trainer4j.layers.impl.SyncBatchNormalizationLayer;

class SyncBatchNormalizationTest {

  @Test
  void builderTakesEveryBatchNormalizationOption() {
    BatchNormalization conf =
        new SyncBatchNormalization.Builder()
            .decay(0.8)
            .eps(1e-3)
            .useLogStd(false)
            .dataFormat(CNN2DFormat.NHWC)
            .nOut(5)
            .name("bn")
            .build();

    assertThat(conf).isInstanceOf(SyncBatchNormalization.class);
    assertThat(conf.getDecay()).isEqualTo(0.8);
    assertThat(conf.getEps()).isEqualTo(1e-3);
    assertThat(conf.isUseLogStd()).isFalse();
    assertThat(conf.getCnn2DFormat()).isEqualTo(CNN2DFormat.NHWC);
    assertThat(conf.getNOut()).isEqualTo(5);
    assertThat(conf.getLayerName()).isEqualTo("bn");
  }

  @Test
  void ofCopiesAPlainConfigurationAndStaysDistinctFromIt() {
    BatchNormalization plain =
        new BatchNormalization.Builder().decay(0.7).eps(1e-4).nOut(3).build();

    SyncBatchNormalization sync = SyncBatchNormalization.of(plain);

    assertThat(sync.getDecay()).isEqualTo(0.7);
    assertThat(sync.getEps()).isEqualTo(1e-4);
    assertThat(sync.getNOut()).isEqualTo(3);
    assertThat(sync).isNotEqualTo(plain);
    assertThat(plain).isNotEqualTo(sync);
    assertThat(sync).isEqualTo(SyncBatchNormalization.of(plain));
  }

  @Test
  void instantiatesTheSynchronizingLayer() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.convolutional(3, 3, 2), 1, new SyncBatchNormalization.Builder().build());

    assertThat(net.getLayer(0)).isInstanceOf(SyncBatchNormalizationLayer.class);
    assertThat(net.paramTable()).containsKeys("0_gamma", "0_beta", "0_mean", "0_log10stdev");
  }

  @Test
  void configurationSurvivesJsonRoundTrip() {
    MultiLayerNetwork net =
        LayerChecks.network(
            InputType.feedForward(4),
            1,
            new SyncBatchNormalization.Builder().decay(0.75).eps(1e-3).useLogStd(false).build());

    var back = LayerChecks.roundTrip(net.getLayerWiseConfigurations());

    assertThat(back.getConf(0).getLayer()).isInstanceOf(SyncBatchNormalization.class);
    SyncBatchNormalization layer = (SyncBatchNormalization) back.getConf(0).getLayer();
    assertThat(layer.getDecay()).isEqualTo(0.75);
    assertThat(layer.getEps()).isEqualTo(1e-3);
    assertThat(layer.isUseLogStd()).isFalse();
    assertThat(layer.getNOut()).isEqualTo(4);
  }
}
