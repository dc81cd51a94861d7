package org.trainer4j.layers.impl;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.util.SameDiffUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How much DL4J's {@code SameDiffLayer} amplifies the gradient it backpropagates. In 1.0.0-M2.1
 * SameDiff adds the external error of a layer's output twice ({@code AddOp [out-grad, out-grad]} in
 * the gradient function), so every parameter and input gradient of a SameDiff layer comes out
 * doubled. Measured once on a one-op graph rather than hard-coded, so that a DL4J release that
 * fixes the bug gets a gain of 1 and no correction.
 */
final class ExternalErrorsGain {

  private ExternalErrorsGain() {}

  /** The measured gain: 2.0 on DL4J 1.0.0-M2.1, 1.0 where SameDiff is correct. */
  static double get() {
    return Holder.GAIN;
  }

  private static final class Holder {
    static final double GAIN = measure();
  }

  private static double measure() {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      SameDiff sd = SameDiff.create();
      SDVariable input = sd.placeHolder("input", DataType.DOUBLE, -1, 1);
      ExternalErrorsFunction fn = SameDiffUtils.externalErrors(sd, null, input.mul(1.0));
      sd.createGradFunction("input");
      Map<String, INDArray> gradients =
          sd.calculateGradients(
              Map.of(
                  "input",
                  Nd4j.ones(DataType.DOUBLE, 1, 1),
                  fn.getGradPlaceholderName(),
                  Nd4j.ones(DataType.DOUBLE, 1, 1)),
              List.of("input"));
      return gradients.get("input").getDouble(0);
    }
  }
}
