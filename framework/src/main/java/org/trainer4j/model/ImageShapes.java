package org.trainer4j.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks an image batch against a network whose first layer is a 2D convolution. DL4J does not keep
 * the input type in the configuration, but the first preprocessor that flattens the image (added by
 * {@code setInputType}) records the height and width it expects there; an input size fits when the
 * layers before it carry it to exactly that size.
 */
final class ImageShapes {

  /** Input sizes tried when working out which height and width the network expects. */
  private static final int LARGEST_SEARCHED_SIZE = 4096;

  private ImageShapes() {}

  static int channelAxis(CNN2DFormat format) {
    return format == CNN2DFormat.NHWC ? 3 : 1;
  }

  static void validate(MultiLayerConfiguration conf, ConvolutionLayer first, INDArray features) {
    CNN2DFormat format = first.getCnn2dDataFormat();
    int channelAxis = channelAxis(format);
    int heightAxis = format == CNN2DFormat.NHWC ? 1 : 2;
    long channels = first.getNIn();
    if (features.rank() != 4 || features.size(channelAxis) != channels) {
      throw ModelShapes.mismatch(
          "features", features, expected(format, channels, "height", "width", first));
    }
    long[] pinned = pinnedSize(conf);
    if (pinned == null) {
      return; // nothing downstream fixes the image size, e.g. global pooling
    }
    long height = features.size(heightAxis);
    long width = features.size(heightAxis + 1);
    long[] reached = sizeAtPin(conf, channels, format, height, width);
    if (reached == null) {
      // No size worked out (a layer whose output type cannot be computed, a kernel larger than the
      // image): DL4J decides, rather than a valid network being refused on a guess.
      return;
    }
    if (reached[0] != pinned[0] || reached[1] != pinned[1]) {
      List<Long> heights = new ArrayList<>();
      List<Long> widths = new ArrayList<>();
      for (long s = 1; s <= LARGEST_SEARCHED_SIZE; s++) {
        long[] out = sizeAtPin(conf, channels, format, s, s);
        if (out == null) {
          continue;
        }
        if (out[0] == pinned[0]) {
          heights.add(s);
        }
        if (out[1] == pinned[1]) {
          widths.add(s);
        }
        if (out[0] > pinned[0] && out[1] > pinned[1]) {
          break; // output sizes only grow with the input size
        }
      }
      throw ModelShapes.mismatch(
          "features",
          features,
          expected(format, channels, smallest(heights), smallest(widths), first));
    }
  }

  /** The [height, width] recorded by the first preprocessor that flattens the image, or null. */
  private static long[] pinnedSize(MultiLayerConfiguration conf) {
    for (int i = 1; i < conf.getConfs().size(); i++) {
      InputPreProcessor pre = conf.getInputPreProcess(i);
      if (pre instanceof CnnToFeedForwardPreProcessor p) {
        return new long[] {p.getInputHeight(), p.getInputWidth()};
      }
      if (pre instanceof CnnToRnnPreProcessor p) {
        return new long[] {p.getInputHeight(), p.getInputWidth()};
      }
      if (pre != null) {
        return null;
      }
    }
    return null;
  }

  /**
   * The [height, width] that an input of the given size has when it reaches the pinning
   * preprocessor, or null when the layers cannot take it (a kernel larger than the image, a size
   * that a strict convolution mode refuses) or it stops being an image before then.
   */
  private static long[] sizeAtPin(
      MultiLayerConfiguration conf, long channels, CNN2DFormat format, long height, long width) {
    InputType type = InputType.convolutional(height, width, channels, format);
    try {
      for (int i = 0; i < conf.getConfs().size(); i++) {
        InputPreProcessor pre = conf.getInputPreProcess(i);
        if (i > 0 && pre != null) {
          return type instanceof InputType.InputTypeConvolutional c
              ? new long[] {c.getHeight(), c.getWidth()}
              : null;
        }
        type = conf.getConf(i).getLayer().getOutputType(i, type);
      }
    } catch (RuntimeException cannotTakeIt) {
      return null;
    }
    return null;
  }

  /**
   * The smallest size that fits: layers in truncate mode also take a few larger sizes (8 and 9 both
   * pool to 4), but the smallest is the one they divide exactly, normally the one the network was
   * built for.
   */
  private static String smallest(List<Long> sizes) {
    return sizes.isEmpty() ? "?" : Long.toString(sizes.get(0));
  }

  private static String expected(
      CNN2DFormat format, long channels, String height, String width, Object layer) {
    String shape =
        format == CNN2DFormat.NHWC
            ? String.format("[n, %s, %s, %d]", height, width, channels)
            : String.format("[n, %d, %s, %s]", channels, height, width);
    return shape + " (layer 0, " + ModelShapes.name(layer) + ")";
  }
}
