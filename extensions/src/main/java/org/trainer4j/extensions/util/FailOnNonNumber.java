package org.trainer4j.extensions.util;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.model.Model;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Trainer;

/**
 * Chainer's FailOnNonNumber: stops training with a {@link NonFiniteValueException} as soon as a
 * watched loss observation or a parameter of the main model is NaN or infinite, naming the first
 * such parameter ({@code 0_W}) or loss key, instead of training on garbage for hours.
 */
public final class FailOnNonNumber implements Extension {

  private final List<String> lossKeys;

  /** Watches {@code main/loss} and the main model's parameters. */
  public FailOnNonNumber() {
    this(List.of("main/loss"));
  }

  /** Watches the observations {@code lossKeys} and the main model's parameters. */
  public FailOnNonNumber(List<String> lossKeys) {
    this.lossKeys = List.copyOf(Preconditions.checkNotNull(lossKeys, "lossKeys"));
  }

  @Override
  public void call(Trainer trainer) {
    long iteration = trainer.getUpdater().getIteration();
    String parameter = firstNonFiniteParameter(trainer.getUpdater().getOptimizer().getModel());
    for (String key : lossKeys) {
      Double v = trainer.getObservation().get(key);
      if (v != null && !Double.isFinite(v)) {
        throw new NonFiniteValueException(
            String.format(
                "training diverged at iteration %d: observation '%s' is %s%s",
                iteration,
                key,
                v,
                parameter == null ? "" : "; first non-finite parameter: '" + parameter + "'"));
      }
    }
    if (parameter != null) {
      throw new NonFiniteValueException(
          String.format(
              "training diverged at iteration %d: parameter '%s' holds NaN or infinite values",
              iteration, parameter));
    }
  }

  /** The first parameter (in {@code paramTable} order) with a NaN or infinity, or null. */
  public static String firstNonFiniteParameter(Model model) {
    if (isFinite(model.params())) {
      return null;
    }
    for (Map.Entry<String, INDArray> e : model.paramTable().entrySet()) {
      if (!isFinite(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  private static boolean isFinite(INDArray array) {
    // A NaN or infinity makes the sum non-finite, so one reduction clears the common case; a sum
    // that merely overflowed falls through to the exact element check.
    if (Double.isFinite(array.sumNumber().doubleValue())) {
      return true;
    }
    return !array.isNaN().any() && !array.isInfinite().any();
  }
}
