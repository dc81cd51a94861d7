package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * A configuration read back from JSON (a saved model, a hand-edited file) never meets the builders'
 * checks: the layers check the same values again when the network is initialized, naming the layer,
 * instead of failing later naming nothing (0 groups: "/ by zero" in the first forward pass).
 */
class EditedConfigurationTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "group | \"groups\" : 2 | \"groups\" : 0 | GroupNormalization 'norm': groups must be positive:"
            + " 0",
        "group | \"groups\" : 2 | \"groups\" : 4 | GroupNormalization 'norm': 6 channels cannot be"
            + " split into 4 groups",
        "group | \"eps\" : 0.001 | \"eps\" : 0.0 | GroupNormalization 'norm': eps must be a positive"
            + " finite number: 0.0",
        "layer | \"eps\" : 0.001 | \"eps\" : -1.0 | LayerNormalization 'norm': eps must be a"
            + " positive finite number: -1.0",
        "proxy | \"proxySize\" : 256 | \"proxySize\" : 1 | ProxyNorm 'norm': proxySize must be at"
            + " least 2: 1",
        "proxy | \"activation\" : \"RELU\" | \"activation\" : \"SOFTMAX\" | ProxyNorm 'norm':"
            + " ProxyNorm activation must act on each value alone, got SOFTMAX",
        "dense | \"nout\" : 3 | \"nout\" : 0 | WeightNormDense 'norm': nOut must be positive: 0",
        "conv | \"stride\" : [ 1, 1 ] | \"stride\" : [ 0, 1 ] | WeightNormConvolution 'norm':"
            + " stride must be positive: 0x1",
        "conv | \"kernelSize\" : [ 3, 3 ] | \"kernelSize\" : null | WeightNormConvolution 'norm':"
            + " kernelSize, stride and padding must each have two values: null, [1, 1], [0, 0]",
        "conv | \"convolutionMode\" : \"Truncate\" | \"convolutionMode\" : \"Strict\" |"
            + " WeightNormConvolution 'norm': convolutionMode must be Truncate or Same, got Strict",
        "group | \"nin\" : 6 | \"nin\" : -6 | GroupNormalization 'norm': nIn must be positive: -6",
        "layer | \"nin\" : 6 | \"nin\" : 0 | LayerNormalization 'norm': nIn must be positive: 0",
        "sync | \"eps\" : 1.0E-5 | \"eps\" : 0.0 | SyncBatchNormalization 'norm': eps must be a"
            + " positive finite number, got 0.0",
      })
  void aBadValueEditedIntoTheJsonIsRefusedAtInitNamingTheLayer(
      String layer, String valid, String edited, String message) {
    MultiLayerConfiguration conf =
        MultiLayerConfiguration.fromJson(edit(network(layer).toJson(), valid, edited));

    assertThatThrownBy(() -> new MultiLayerNetwork(conf).init())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aComputationGraphReadFromJsonIsCheckedTheSameWay() {
    ComputationGraphConfiguration graph =
        new NeuralNetConfiguration.Builder()
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(6))
            .addLayer("norm", layer("group"), "in")
            .addLayer("out", new OutputLayer.Builder().nOut(3).build(), "norm")
            .setOutputs("out")
            .build();
    ComputationGraphConfiguration conf =
        ComputationGraphConfiguration.fromJson(
            edit(graph.toJson(), "\"groups\" : 2", "\"groups\" : 0"));

    assertThatThrownBy(() -> new ComputationGraph(conf).init())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GroupNormalization 'norm': groups must be positive: 0");
  }

  /**
   * The JSON also holds the parameter shapes ("layerParams"), derived from the widths: a width
   * edited alone sized the parameters by the old shapes and the graph by the new one, and init
   * failed in ND4J naming neither ("New shape length doesn't match").
   */
  @Test
  void aWidthEditedWithoutTheParameterShapesDerivedFromItIsRefusedAtInitNamingBoth() {
    String json = edit(network("dense").toJson(), "\"nout\" : 3", "\"nout\" : 5");
    MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);

    assertThatThrownBy(() -> new MultiLayerNetwork(conf).init())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WeightNormDense 'norm': layerParams {v=[6, 3], g=[1, 3], b=[1, 3]} do not match the"
                + " shapes its other values give, {v=[6, 5], g=[1, 5], b=[1, 5]}: layerParams is"
                + " derived from them, so correct it too or delete it");
  }

  @Test
  void withTheParameterShapesDeletedTheEditedWidthIsTaken() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree = mapper.readTree(network("dense").toJson());
    ObjectNode layer = (ObjectNode) tree.get("confs").get(0).get("layer");
    layer.put("nout", 5);
    layer.remove("layerParams");

    MultiLayerNetwork net =
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(mapper.writeValueAsString(tree)));
    net.init();

    assertThat(net.getParam("0_" + WeightNorm.DIRECTION).shape()).containsExactly(6, 5);
  }

  /** {@code json} with the first {@code valid}, the normalization layer's, made {@code edited}. */
  private static String edit(String json, String valid, String edited) {
    assertThat(json).contains(valid);
    // The first occurrence is the normalization layer's (the output layer follows it).
    return json.replaceFirst(Pattern.quote(valid), Matcher.quoteReplacement(edited));
  }

  private static Layer layer(String kind) {
    return switch (kind) {
      case "group" -> new GroupNormalization.Builder(2).eps(1e-3).name("norm").build();
      case "layer" -> new LayerNormalization.Builder().eps(1e-3).name("norm").build();
      case "proxy" -> new ProxyNorm.Builder().name("norm").build();
      case "dense" -> new WeightNormDense.Builder().nOut(3).name("norm").build();
      case "conv" -> new WeightNormConvolution.Builder().nOut(3).name("norm").build();
      case "sync" -> new SyncBatchNormalization.Builder().name("norm").build();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static MultiLayerConfiguration network(String kind) {
    InputType input =
        kind.equals("conv") ? InputType.convolutional(5, 5, 6) : InputType.feedForward(6);
    return LayerChecks.network(input, 1, layer(kind)).getLayerWiseConfigurations();
  }
}
