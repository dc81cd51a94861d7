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
 * The benchmark's networks, scaled by a width multiplier so they fit a CPU: an MLP for 28x28
 * images, a VGG-style CNN (conv-BN-ReLU pairs and max pooling) and a ResNet-style graph (basic
 * residual blocks with identity or 1x1 projection shortcuts) for 32x32x3 images.
 */
final class TuneModels {

  private TuneModels() {}

  /** {@code in -> 1024w -> 1024w -> classes}, ReLU with batch normalization. */
  static Model mlp(int in, int classes, double width, long seed) {
    int h = channels(1024, width);
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .list()
            .layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(new DenseLayer.Builder().nOut(h).activation(Activation.IDENTITY).build())
            .layer(new BatchNormalization.Builder().build())
            .layer(new ActivationLayer(Activation.RELU))
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes)
                    .activation(Activation.SOFTMAX)
                    .build())
            .setInputType(InputType.feedForward(in))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return Model.of(net);
  }

  /**
   * VGG-style: three blocks of two 3x3 conv-BN-ReLU layers ({@code 64w, 128w, 256w} channels), each
   * followed by 2x2 max pooling, then a {@code 256w} dense layer and the classifier.
   */
  static Model vgg(int classes, double width, long seed) {
    var list =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .list();
    for (int block = 0; block < 3; block++) {
      int c = channels(64 << block, width);
      for (int k = 0; k < 2; k++) {
        list.layer(conv(c, 1));
        // DL4J's BatchNormalization ignores .activation(...): the ReLU is a layer of its own.
        list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer(Activation.RELU));
      }
      list.layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build());
    }
    list.layer(
        new DenseLayer.Builder().nOut(channels(256, width)).activation(Activation.RELU).build());
    list.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .build());
    list.setInputType(InputType.convolutional(32, 32, 3));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return Model.of(net);
  }

  /**
   * ResNet-style (CIFAR ResNet of He et al.): a 3x3 stem of {@code 16w} channels, three stages of
   * {@code blocksPerStage} basic blocks ({@code 16w, 32w, 64w} channels; stages 2 and 3 start with
   * stride 2 and a 1x1 projection shortcut), global average pooling and the classifier.
   */
  static Model resnet(int classes, double width, int blocksPerStage, long seed) {
    Preconditions.checkArgument(blocksPerStage > 0, "blocksPerStage must be positive");
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Same)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(32, 32, 3));
    int c = channels(16, width);
    g.addLayer("stem", conv(c, 1), "in");
    g.addLayer("stem_bn_", new BatchNormalization.Builder().build(), "stem");
    g.addLayer("stem_bn", new ActivationLayer(Activation.RELU), "stem_bn_");
    String last = "stem_bn";
    int in = c;
    for (int stage = 0; stage < 3; stage++) {
      int out = channels(16 << stage, width);
      for (int b = 0; b < blocksPerStage; b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        last = block(g, "s" + stage + "b" + b, last, in, out, stride);
        in = out;
      }
    }
    g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
    g.addLayer(
        "out",
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .build(),
        "pool");
    g.setOutputs("out");
    ComputationGraph net = new ComputationGraph(g.build());
    net.init();
    return Model.of(net);
  }

  private static String block(
      ComputationGraphConfiguration.GraphBuilder g,
      String name,
      String input,
      int in,
      int out,
      int stride) {
    g.addLayer(name + "_a", conv(out, stride), input);
    g.addLayer(name + "_a_bn_", new BatchNormalization.Builder().build(), name + "_a");
    g.addLayer(name + "_a_bn", new ActivationLayer(Activation.RELU), name + "_a_bn_");
    g.addLayer(name + "_b", conv(out, 1), name + "_a_bn");
    g.addLayer(name + "_b_bn", new BatchNormalization.Builder().build(), name + "_b");
    String shortcut = input;
    if (stride != 1 || in != out) {
      g.addLayer(
          name + "_proj",
          new ConvolutionLayer.Builder(1, 1)
              .stride(stride, stride)
              .nOut(out)
              .activation(Activation.IDENTITY)
              .build(),
          input);
      g.addLayer(name + "_proj_bn", new BatchNormalization.Builder().build(), name + "_proj");
      shortcut = name + "_proj_bn";
    }
    g.addVertex(
        name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_b_bn", shortcut);
    g.addLayer(name + "_relu", new ActivationLayer(Activation.RELU), name + "_add");
    return name + "_relu";
  }

  private static ConvolutionLayer conv(int channels, int stride) {
    return new ConvolutionLayer.Builder(3, 3)
        .stride(stride, stride)
        .nOut(channels)
        .activation(Activation.IDENTITY)
        .build();
  }

  private static int channels(int base, double width) {
    return Math.max(4, (int) Math.round(base * width));
  }
}
