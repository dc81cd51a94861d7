package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.model.Model;

class PaperModelsTest {

  @ParameterizedTest
  @ValueSource(ints = {32, 224})
  void vgg16HasThirteenConvolutionsAndClassifiesAnImage(int size) {
    Model vgg = PaperModels.vgg16(10, size, 0.0625, 1);

    long convolutions =
        vgg.layers(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class).size();
    assertThat(convolutions).isEqualTo(13);
    vgg.setTraining(false);
    assertThat(vgg.output(Nd4j.rand(1, 3, size, size)).shape()).containsExactly(1, 10);
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 224})
  void resnet50HasSixteenBottlenecksAndClassifiesAnImage(int size) {
    Model resnet = PaperModels.resnet50(1000, size, 0.0625, 1);

    long blocks =
        resnet.unwrap(ComputationGraph.class).getConfiguration().getVertices().keySet().stream()
            .filter(name -> name.endsWith("_add"))
            .count();
    assertThat(blocks).isEqualTo(16);
    resnet.setTraining(false);
    assertThat(resnet.output(Nd4j.rand(1, 3, size, size)).shape()).containsExactly(1, 1000);
  }
}
