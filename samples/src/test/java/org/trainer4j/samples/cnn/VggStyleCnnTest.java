package org.trainer4j.samples.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.trainer4j.layers.SyncBatchNormalization;

class VggStyleCnnTest {

  @ParameterizedTest
  @EnumSource(
      value = Normalization.class,
      names = {"BATCH_NORM", "SYNC_BATCH_NORM"})
  void batchNormLayersAreLinearSoTheReluAfterThemIsTheOnlyNonlinearity(Normalization norm) {
    MultiLayerNetwork net = new VggStyleCnn(new int[] {4, 8}, 1, 4).build(norm, 3, 8, 10, 1);

    var bnLayers =
        net.getLayerWiseConfigurations().getConfs().stream()
            .map(c -> c.getLayer())
            .filter(l -> l instanceof BatchNormalization)
            .toList();

    assertThat(bnLayers).hasSize(2);
    // DL4J's default activation is sigmoid: a BN layer without an explicit one squashes its output.
    assertThat(bnLayers)
        .allSatisfy(
            l ->
                assertThat(((BatchNormalization) l).getActivationFn())
                    .isInstanceOf(ActivationIdentity.class));
    assertThat(bnLayers)
        .allSatisfy(
            l ->
                assertThat(l instanceof SyncBatchNormalization)
                    .isEqualTo(norm == Normalization.SYNC_BATCH_NORM));
  }
}
