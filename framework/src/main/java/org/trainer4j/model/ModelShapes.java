package org.trainer4j.model;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks that batches and saved parameters fit a model, with messages that name the mismatch. */
final class ModelShapes {

  private ModelShapes() {}

  static void validateFeatures(MultiLayerNetwork net, INDArray features) {
    InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(0);
    var first = net.getLayerWiseConfigurations().getConf(0).getLayer();
    if (pre instanceof FeedForwardToCnnPreProcessor cnn) {
      long width = cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels();
      boolean flatOk = features.rank() == 2 && features.size(1) == width;
      boolean imageOk =
          features.rank() == 4
              && features.size(1) == cnn.getNumChannels()
              && features.size(2) == cnn.getInputHeight()
              && features.size(3) == cnn.getInputWidth();
      if (!flatOk && !imageOk) {
        throw mismatch(
            "features",
            features,
            String.format(
                "[n, %d] or [n, %d, %d, %d] (layer 0 input)",
                width, cnn.getNumChannels(), cnn.getInputHeight(), cnn.getInputWidth()));
      }
    } else if (first instanceof ConvolutionLayer conv && pre == null) {
      if (features.rank() != 4 || features.size(1) != conv.getNIn()) {
        throw mismatch(
            "features",
            features,
            String.format("[n, %d, height, width] (layer 0, %s)", conv.getNIn(), name(first)));
      }
    } else if (first instanceof FeedForwardLayer ff && pre == null) {
      if (features.rank() != 2 || features.size(1) != ff.getNIn()) {
        throw mismatch(
            "features", features, String.format("[n, %d] (layer 0, %s)", ff.getNIn(), name(first)));
      }
    }
  }

  static void validateLabels(MultiLayerNetwork net, INDArray labels) {
    int last = net.getnLayers() - 1;
    var output = net.getLayerWiseConfigurations().getConf(last).getLayer();
    if (output instanceof FeedForwardLayer ff && labels.rank() == 2 && ff.getNOut() > 0) {
      if (labels.size(1) != ff.getNOut()) {
        throw mismatch(
            "labels",
            labels,
            String.format("[n, %d] (output layer %d, %s)", ff.getNOut(), last, name(output)));
      }
    }
  }

  static void checkSameParameters(
      Map<String, INDArray> actual, Map<String, INDArray> expected, String path) {
    if (!expected.keySet().equals(actual.keySet())) {
      throw new IllegalStateException(
          String.format(
              "the network stored at %s does not match this model: it has parameters %s,"
                  + " this model has %s",
              path, actual.keySet(), expected.keySet()));
    }
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      long[] want = e.getValue().shape();
      long[] got = actual.get(e.getKey()).shape();
      if (!Arrays.equals(want, got)) {
        throw new IllegalStateException(
            String.format(
                "the network stored at %s does not match this model: parameter '%s' has shape %s"
                    + " there but %s here",
                path, e.getKey(), Arrays.toString(got), Arrays.toString(want)));
      }
    }
  }

  private static IllegalArgumentException mismatch(String what, INDArray array, String expected) {
    return new IllegalArgumentException(
        String.format(
            "%s shape %s does not fit the model, which expects %s",
            what, Arrays.toString(array.shape()), expected));
  }

  private static String name(Object layerConf) {
    return layerConf.getClass().getSimpleName();
  }
}
