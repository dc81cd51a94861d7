package org.trainer4j.extensions.minibatch.goodput;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.NoOpUpdater;
import org.trainer4j.model.Model;

/**
 * One weight per entry of a DL4J model's flat parameter vector, by which a gradient component is
 * multiplied before its noise is measured ({@link NoiseGeometry}): 0 for parameters no loss
 * gradient trains (those DL4J updates with {@code NoOp}: batch normalization's running mean and
 * variance, whose gradient entries hold the change of the statistics), 1 in the raw geometry, and
 * Adam's preconditioner in the optimizer's, with each entry's root second moment floored at {@link
 * #ADAM_FLOOR} times its block's root mean square.
 */
final class GradientWeights {

  /** Adam steps before its second-moment estimate preconditions the noise (Pollux waits 5). */
  static final int MIN_ADAM_STEPS = 5;

  /**
   * The least root second moment of an Adam entry, as a fraction of its block's root mean square.
   * Entries whose gradient was zero in every step Adam has seen (inputs a ReLU never passes, pixels
   * at the border that are always blank) have v == 0 and would weigh 1/epsilon = 1e8: a probe batch
   * where they are not zero then measures little but them (the main job's CNN, first search: 11,032
   * of 805,642 entries, B_noise 2.7e4 +- 2.7e4 unfloored; floored at 0.1, 111 +- 18, the raw
   * geometry's 118 +- 24). Adam's own step on such an entry's first gradient g divides by about the
   * root of (1 - beta2) g^2, not by epsilon.
   */
  static final double ADAM_FLOOR = 0.1;

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
    boolean precondition = preconditions(model, geometry);
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
        double floor = ADAM_FLOOR * rootMeanSquare(v);
        for (int i = 0; i < v.length; i++) {
          weights[from + i] = 1 / (Math.max(Math.sqrt(Math.max(v[i], 0)), floor) + epsilon);
        }
      }
    }
    return weights;
  }

  /**
   * {@link #of} as a vector in double precision. The raw geometry's is built in ND4J, a few
   * operations per block: a search makes a handful of estimates, too few for the JIT to compile a
   * Java loop over every parameter, and filling and copying one took 0.01-0.03 s a time on the
   * full-data MLP's 270,000 parameters, a third to half of the estimate's own passes.
   */
  static INDArray vector(Model model, NoiseGeometry geometry) {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(geometry, "geometry");
    if (preconditions(model, geometry)) {
      return Nd4j.createFromArray(of(model, geometry));
    }
    INDArray weights = Nd4j.ones(DataType.DOUBLE, model.numParams());
    for (UpdaterBlock block : blocks(model)) {
      if (block.getGradientUpdater() instanceof NoOpUpdater) {
        weights
            .get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()))
            .assign(0);
      }
    }
    return weights;
  }

  /**
   * Whether Adam's state weighs the entries: in the optimizer's geometry once Adam has taken enough
   * steps; otherwise every trained entry weighs 1.
   */
  private static boolean preconditions(Model model, NoiseGeometry geometry) {
    return geometry == NoiseGeometry.OPTIMIZER && model.iterationCount() >= MIN_ADAM_STEPS;
  }

  /** The root of the mean of second moments {@code v}, negative rounding errors read as zero. */
  private static double rootMeanSquare(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += Math.max(x, 0);
    }
    return Math.sqrt(sum / v.length);
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
