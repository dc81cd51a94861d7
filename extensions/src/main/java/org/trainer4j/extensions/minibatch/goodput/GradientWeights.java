package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.trainer4j.model.Model;

/**
 * One weight per entry of a DL4J model's flat parameter vector, by which a gradient component is
 * multiplied before its noise is measured ({@link NoiseGeometry}): 0 for parameters no loss
 * gradient trains (those DL4J updates with {@code NoOp}: batch normalization's running mean and
 * variance, whose gradient entries hold the change of the statistics), 1 in the raw geometry, and
 * Adam's preconditioner in the optimizer's.
 */
final class GradientWeights {

  /** Adam steps before its second-moment estimate preconditions the noise (Pollux waits 5). */
  static final int MIN_ADAM_STEPS = 5;

  private GradientWeights() {}

  /**
   * The weights of {@code model}'s parameters in {@code geometry}, read from its optimizer state as
   * it is now; the length of {@link Model#numParams()}.
   */
  static double[] of(Model model, NoiseGeometry geometry) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(geometry, "geometry");
    double[] weights = new double[Math.toIntExact(model.numParams())];
    Arrays.fill(weights, 1);
    boolean precondition =
        geometry == NoiseGeometry.OPTIMIZER && model.iterationCount() >= MIN_ADAM_STEPS;
    for (UpdaterBlock block : blocks(model)) {
      int from = block.getParamOffsetStart();
      int to = block.getParamOffsetEnd();
      if (block.getGradientUpdater() instanceof NoOpUpdater) {
        Arrays.fill(weights, from, to, 0);
      } else if (precondition && block.getGradientUpdater() instanceof AdamUpdater adam) {
        double[] v = GradientProbe.toDoubles(adam.getV());
        Preconditions.checkState(
            v.length == to - from,
            "Adam's state covers %s parameters, its block %s",
            v.length,
            to - from);
        // As DL4J's Adam divides: by the root of the uncorrected estimate plus epsilon. Its bias
        // correction is one factor for every component, which no ratio of the noise sees.
        double epsilon = adam.getConfig().getEpsilon();
        for (int i = 0; i < v.length; i++) {
          weights[from + i] = 1 / (Math.sqrt(Math.max(v[i], 0)) + epsilon);
        }
      }
    }
    return weights;
  }

  private static Iterable<UpdaterBlock> blocks(Model model) {
    Object network = model.unwrap(Object.class);
    Updater updater;
    if (network instanceof MultiLayerNetwork multiLayer) {
      updater = multiLayer.getUpdater(true);
    } else if (network instanceof ComputationGraph graph) {
      updater = graph.getUpdater(true);
    } else {
      throw new IllegalArgumentException(
          "gradient weights need a MultiLayerNetwork or ComputationGraph: "
              + network.getClass().getName());
    }
    Preconditions.checkState(
        updater instanceof BaseMultiLayerUpdater<?>,
        "unexpected DL4J updater %s",
        updater == null ? null : updater.getClass().getName());
    return ((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks();
  }
}
