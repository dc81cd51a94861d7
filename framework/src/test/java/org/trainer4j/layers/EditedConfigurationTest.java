package org.trainer4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
      })
  void aBadValueEditedIntoTheJsonIsRefusedAtInitNamingTheLayer(
      String layer, String valid, String edited, String message) {
    String json = network(layer).toJson();
    assertThat(json).contains(valid);
    // The first occurrence is the normalization layer's (the output layer follows it).
    MultiLayerConfiguration conf =
        MultiLayerConfiguration.fromJson(
            json.replaceFirst(Pattern.quote(valid), Matcher.quoteReplacement(edited)));

    assertThatThrownBy(() -> new MultiLayerNetwork(conf).init())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  private static MultiLayerConfiguration network(String kind) {
    Layer layer =
        switch (kind) {
          case "group" -> new GroupNormalization.Builder(2).eps(1e-3).name("norm").build();
          case "layer" -> new LayerNormalization.Builder().eps(1e-3).name("norm").build();
          case "proxy" -> new ProxyNorm.Builder().name("norm").build();
          case "dense" -> new WeightNormDense.Builder().nOut(3).name("norm").build();
          case "conv" -> new WeightNormConvolution.Builder().nOut(3).name("norm").build();
          default -> throw new IllegalArgumentException(kind);
        };
    InputType input =
        kind.equals("conv") ? InputType.convolutional(5, 5, 6) : InputType.feedForward(6);
    return LayerChecks.network(input, 1, layer).getLayerWiseConfigurations();
  }
}
