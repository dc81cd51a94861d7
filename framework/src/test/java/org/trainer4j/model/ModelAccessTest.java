package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.testing.TestModels;

/** How callers reach the network behind a model, and what they may change through it. */
class ModelAccessTest {

  @Test
  void unwrapGivesTheWrappedNetworkItself() {
    MultiLayerNetwork net = TestModels.mlpNetwork(4, 5, 2, 1, DataType.FLOAT);
    Model model = Model.of(net);

    assertThat(model.unwrap(MultiLayerNetwork.class)).isSameAs(net);
    assertThat(model.unwrap(org.deeplearning4j.nn.api.Model.class)).isSameAs(net);
  }

  @Test
  void unwrapToAnotherKindNamesTheNetworksClass() {
    Model model = TestModels.mlp(4, 5, 2, 1);

    assertThatThrownBy(() -> model.unwrap(ComputationGraph.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MultiLayerNetwork.class.getName())
        .hasMessageContaining(ComputationGraph.class.getName());
  }

  @Test
  void paramTableHoldsCopiesThatCannotChangeTheModel() {
    Model model = TestModels.mlp(4, 5, 2, 1);
    INDArray before = model.params().dup();
    Map<String, INDArray> table = model.paramTable();

    table.get("0_W").assign(42);

    assertThat(model.params()).isEqualTo(before);
    assertThat(table.keySet())
        .containsExactly("0_W", "0_b", "1_gamma", "1_beta", "1_mean", "1_log10stdev", "2_W", "2_b");
  }

  @Test
  void layersOfATypeAreFoundInOrder() {
    Model model = TestModels.mlp(4, 5, 2, 1);

    assertThat(model.layers(BatchNormalization.class)).hasSize(1);
    assertThat(model.layers(org.deeplearning4j.nn.api.Layer.class)).hasSize(3);
  }
}
