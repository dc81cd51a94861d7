package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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

  @ParameterizedTest(name = "eps {0}")
  @ValueSource(doubles = {0.0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY})
  void refusesAnEpsilonThatIsNotAPositiveFiniteNumber(double eps) {
    assertThatThrownBy(() -> new SyncBatchNormalization.Builder().eps(eps).nOut(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eps must be a positive finite number, got " + eps);
    BatchNormalization plain = new BatchNormalization.Builder().eps(eps).nOut(3).build();
    assertThatThrownBy(() -> SyncBatchNormalization.of(plain))
        .hasMessageContaining("eps must be a positive finite number, got " + eps);
  }

  @ParameterizedTest(name = "decay {0}")
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
  void refusesADecayOutsideZeroToOne(double decay) {
    assertThatThrownBy(() -> new SyncBatchNormalization.Builder().decay(decay).nOut(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decay must be in [0, 1), got " + decay);
  }

  @Test
  void refusesABadEpsilonSetAfterBuildingWhenTheNetworkIsCreated() {
    SyncBatchNormalization bn = new SyncBatchNormalization.Builder().build();
    bn.setEps(0);

    assertThatThrownBy(() -> LayerChecks.network(InputType.feedForward(4), 1, bn))
        .hasMessageContaining("eps must be a positive finite number, got 0.0");
  }

  @ParameterizedTest(name = "gamma {0}, beta {1}")
  @CsvSource({"2.0, 0.0", "1.0, 0.5"})
  void refusesALockedGammaAndBetaThatDl4jWouldIgnoreButTheSynchronizedPassApplies(
      double gamma, double beta) {
    assertThatThrownBy(
            () ->
                new SyncBatchNormalization.Builder()
                    .lockGammaBeta(true)
                    .gamma(gamma)
                    .beta(beta)
                    .nOut(3)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "with lockGammaBeta, gamma " + gamma + " and beta " + beta + " must both differ");
  }

  @Test
  void acceptsLockedGammaAndBetaThatBothOrNeitherDifferFromTheirDefaults() {
    assertThat(new SyncBatchNormalization.Builder().lockGammaBeta(true).gamma(2).beta(0.5).build())
        .isNotNull();
    assertThat(new SyncBatchNormalization.Builder().lockGammaBeta(true).build()).isNotNull();
  }

  @Test
  void acceptsTheDefaultsAndTheEdgesOfTheValidRanges() {
    assertThat(new SyncBatchNormalization.Builder().decay(0).eps(Double.MIN_VALUE).build())
        .isNotNull();
    assertThat(SyncBatchNormalization.of(new BatchNormalization.Builder().build())).isNotNull();
    assertThat(LayerChecks.network(InputType.feedForward(4), 1, new SyncBatchNormalization()))
        .isNotNull();
  }
}
