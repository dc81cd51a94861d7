package org.trainer4j.model;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.layers.WeightNormDense;

/** Checks that batches and saved parameters fit a model, with messages that name the mismatch. */
final class ModelShapes {

  private ModelShapes() {}

  /**
   * Checks {@code features} against what the first layer's configuration fixes. First layers it
   * does not know, and those behind a preprocessor other than a reshape to images, are left to DL4J
   * rather than rejected on a guess: DL4J trains many shapes a dense-style check would refuse.
   */
  static void validateFeatures(MultiLayerNetwork net, INDArray features) {
    MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
    InputPreProcessor pre = conf.getInputPreProcess(0);
    var first = conf.getConf(0).getLayer();
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
    } else if (pre != null) {
      return; // the preprocessor decides what it accepts
    } else if (first instanceof ConvolutionLayer conv) {
      if (isImageConvolution(conv)) {
        ImageShapes.validate(conf, conv, features);
      }
    } else if (first instanceof BatchNormalization bn) {
      // The input type (dense or image) is not kept in the configuration, so accept either.
      boolean denseOk = features.rank() == 2 && features.size(1) == bn.getNIn();
      boolean imageOk =
          features.rank() == 4
              && features.size(ImageShapes.channelAxis(bn.getCnn2DFormat())) == bn.getNIn();
      if (!denseOk && !imageOk) {
        throw mismatch(
            "features",
            features,
            String.format(
                "[n, %d] or [n, %d, height, width] (layer 0, %s)",
                bn.getNIn(), bn.getNIn(), name(first)));
      }
    } else if (first instanceof BaseRecurrentLayer rnn) {
      int featureAxis = rnn.getRnnDataFormat() == RNNFormat.NWC ? 2 : 1;
      if (features.rank() != 3 || features.size(featureAxis) != rnn.getNIn()) {
        String expected = featureAxis == 1 ? "[n, %d, time]" : "[n, time, %d]";
        throw mismatch(
            "features",
            features,
            String.format(expected + " (layer 0, %s)", rnn.getNIn(), name(first)));
      }
    } else if (first instanceof EmbeddingLayer) {
      boolean indicesOk = features.rank() == 1 || (features.rank() == 2 && features.size(1) == 1);
      if (!indicesOk) {
        throw mismatch("features", features, "[n, 1] or [n] indices (layer 0, EmbeddingLayer)");
      }
    } else if (denseInputWidth(first) > 0) {
      long nIn = denseInputWidth(first);
      if (features.rank() != 2 || features.size(1) != nIn) {
        throw mismatch(
            "features", features, String.format("[n, %d] (layer 0, %s)", nIn, name(first)));
      }
    }
  }

  /** A 2D convolution's input is an image; 1D and 3D convolutions take other ranks. */
  private static boolean isImageConvolution(ConvolutionLayer conv) {
    return !(conv instanceof Convolution1DLayer)
        && !(conv instanceof Convolution3D)
        && !(conv instanceof Deconvolution3D);
  }

  /** The width of the rank-2 input a dense-style first layer takes, or 0 if it is not one. */
  private static long denseInputWidth(Object layer) {
    if (layer instanceof DenseLayer
        || layer instanceof OutputLayer
        || layer instanceof CenterLossOutputLayer) {
      return ((FeedForwardLayer) layer).getNIn();
    }
    return layer instanceof WeightNormDense wn ? wn.getNIn() : 0;
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

  static IllegalArgumentException mismatch(String what, INDArray array, String expected) {
    return new IllegalArgumentException(
        String.format(
            "%s shape %s does not fit the model, which expects %s",
            what, Arrays.toString(array.shape()), expected));
  }

  static String name(Object layerConf) {
    return layerConf.getClass().getSimpleName();
  }
}
