package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Gradient checks and JSON round trips for the layer tests, in double precision. */
final class LayerChecks {

  private LayerChecks() {}

  /** A double-precision network of {@code layers} followed by a 3-class softmax output. */
  static MultiLayerNetwork network(InputType inputType, long seed, Layer... layers) {
    var builder =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .weightInit(WeightInit.XAVIER)
            .list();
    for (Layer layer : layers) {
      builder.layer(layer);
    }
    builder.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(3)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerNetwork net = new MultiLayerNetwork(builder.setInputType(inputType).build());
    net.init();
    return net;
  }

  /** Random input of {@code shape} and one-hot labels for 3 classes, both double. */
  static INDArray[] data(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.DOUBLE, shape).muli(1.5).addi(0.3);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, shape[0], 3);
    for (int i = 0; i < shape[0]; i++) {
      y.putScalar(i, i % 3, 1.0);
    }
    return new INDArray[] {x, y};
  }

  /** Asserts that DL4J's finite-difference check passes for every parameter except {@code skip}. */
  static void assertGradientsMatch(MultiLayerNetwork net, INDArray x, INDArray y, String... skip) {
    DataType dtype = Nd4j.dataType();
    DataType floatType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.MLNConfig()
                  .net(net)
                  .input(x)
                  .labels(y)
                  .epsilon(1e-6)
                  .maxRelError(1e-4)
                  .minAbsoluteError(1e-9)
                  .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                  // Every parameter array, sampled: SameDiff layers make each probe a full
                  // forward pass, and the full check would dominate the suite's run time.
                  .subset(true)
                  .maxPerParam(6)
                  .excludeParams(Set.of(skip)));
      assertThat(ok).as("gradient check").isTrue();
    } finally {
      Nd4j.setDefaultDataTypes(dtype, floatType);
    }
  }

  /**
   * The configuration after {@code toJson} and {@code fromJson}, asserted equal to the original.
   */
  static MultiLayerConfiguration roundTrip(MultiLayerConfiguration conf) {
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
    assertThat(back).isEqualTo(conf);
    assertThat(back.toJson()).isEqualTo(conf.toJson());
    return back;
  }
}
