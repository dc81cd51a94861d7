package org.trainer4j.samples.tuning;

import com.google.common.base.Preconditions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.model.Model;

/**
 * The seed paper's two networks with their exact layer structure, channel counts scaled by a width
 * multiplier so they fit a CPU: VGG16 (13 convolutions in 5 blocks, BatchNorm after each, as in
 * Chainer's CIFAR example) and ResNet50 (bottleneck blocks 3-4-6-3). At ImageNet size (224) they
 * keep the original stems and classifier heads; at CIFAR size (32) VGG16 has one 512-wide hidden
 * dense layer and ResNet50 a 3x3 stem without max pooling.
 */
final class PaperModels {

  private static final int[][] VGG16_BLOCKS = {
    {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}
  };
  private static final int[] RESNET50_BLOCKS = {3, 4, 6, 3};

  private PaperModels() {}

  static Model vgg16(int classes, int imageSize, double width, long seed) {
    check(imageSize, width);
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .list();
    for (int[] block : VGG16_BLOCKS) {
      for (int c : block) {
        list.layer(conv(channels(c, width), 3, 1));
        // DL4J's BatchNormalization ignores .activation(...): the ReLU is a layer of its own.
        list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer(Activation.RELU));
      }
      list.layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build());
    }
    int[] hidden = imageSize >= 64 ? new int[] {4096, 4096} : new int[] {512};
    for (int h : hidden) {
      list.layer(
          new DenseLayer.Builder().nOut(channels(h, width)).activation(Activation.RELU).build());
    }
    list.layer(output(classes)).setInputType(InputType.convolutional(imageSize, imageSize, 3));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return Model.of(net);
  }

  static Model resnet50(int classes, int imageSize, double width, long seed) {
    check(imageSize, width);
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(imageSize, imageSize, 3));
    int stem = channels(64, width);
    String last;
    if (imageSize >= 64) {
      g.addLayer("stem", conv(stem, 7, 2), "in");
      bnRelu(g, "stem_bn", "stem");
      g.addLayer(
          "stem_pool",
          new SubsamplingLayer.Builder().kernelSize(3, 3).stride(2, 2).build(),
          "stem_bn");
      last = "stem_pool";
    } else {
      g.addLayer("stem", conv(stem, 3, 1), "in");
      bnRelu(g, "stem_bn", "stem");
      last = "stem_bn";
    }
    int in = stem;
    for (int stage = 0; stage < RESNET50_BLOCKS.length; stage++) {
      int mid = channels(64 << stage, width);
      int out = mid * 4;
      for (int b = 0; b < RESNET50_BLOCKS[stage]; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        last = bottleneck(g, "s" + stage + "b" + b, last, in, mid, out, stride);
        in = out;
      }
    }
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
    g.addLayer("out", output(classes), "pool");
    g.setOutputs("out");
    ComputationGraph net = new ComputationGraph(g.build());
    net.init();
    return Model.of(net);
  }

  private static String bottleneck(
      ComputationGraphConfiguration.GraphBuilder g,
      String name,
      String input,
      int in,
      int mid,
      int out,
      int stride) {
    g.addLayer(name + "_a", conv(mid, 1, 1), input);
    bnRelu(g, name + "_a_bn", name + "_a");
    g.addLayer(name + "_b", conv(mid, 3, stride), name + "_a_bn");
    bnRelu(g, name + "_b_bn", name + "_b");
    g.addLayer(name + "_c", conv(out, 1, 1), name + "_b_bn");
    g.addLayer(name + "_c_bn", new BatchNormalization.Builder().build(), name + "_c");
    String shortcut = input;
    if (stride != 1 || in != out) {
      g.addLayer(name + "_proj", conv(out, 1, stride), input);
      g.addLayer(name + "_proj_bn", new BatchNormalization.Builder().build(), name + "_proj");
      shortcut = name + "_proj_bn";
    }
    g.addVertex(
        name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_c_bn", shortcut);
    g.addLayer(name + "_relu", new ActivationLayer(Activation.RELU), name + "_add");
    return name + "_relu";
  }

  private static ConvolutionLayer conv(int channels, int kernel, int stride) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .stride(stride, stride)
        .nOut(channels)
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .build();
  }

  /** BatchNorm then ReLU as vertex {@code name}; DL4J's BatchNormalization ignores activations. */
  private static void bnRelu(ComputationGraphConfiguration.GraphBuilder g, String name, String in) {
    g.addLayer(name + "_norm", new BatchNormalization.Builder().build(), in);
    g.addLayer(name, new ActivationLayer(Activation.RELU), name + "_norm");
  }

  private static OutputLayer output(int classes) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nOut(classes)
        .activation(Activation.SOFTMAX)
        .build();
  }

  private static void check(int imageSize, double width) {
    Preconditions.checkArgument(
        imageSize >= 32, "image size must be at least 32 (5 poolings): %s", imageSize);
    Preconditions.checkArgument(width > 0, "width must be positive: %s", width);
  }

  private static int channels(int base, double width) {
    return Math.max(4, (int) Math.round(base * width));
  }
}
