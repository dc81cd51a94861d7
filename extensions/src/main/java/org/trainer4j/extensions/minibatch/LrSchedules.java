package org.trainer4j.extensions.minibatch;

import java.util.ArrayList;
import java.util.List;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.schedule.Shift;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.training.Trainer;

/**
 * The learning-rate schedules registered for one optimizer. A schedule took its starting rate at
 * {@code initialize}; when a search changes the rate, the schedules must follow it rather than set
 * the old rate back at their next call.
 */
final class LrSchedules {

  private LrSchedules() {}

  /**
   * Moves the trainer's optimizer rate and every schedule of it from the factor {@code applied} so
   * far to {@code factor}: one multiplication by their ratio, so repeated resizes do not compound.
   */
  static void moveFactor(Trainer trainer, double applied, double factor) {
    double ratio = LrRule.rescaleTowards(applied, factor);
    if (ratio != 1.0) {
      Optimizer optimizer = trainer.getUpdater().getOptimizer();
      optimizer.setLearningRate(optimizer.getLearningRate() * ratio);
      rescale(trainer, optimizer, ratio);
    }
  }

  /**
   * Multiplies every {@link Shift} of {@code optimizer}'s learning rate by {@code factor}.
   *
   * @return the names under which the rescaled schedules are registered
   */
  static List<String> rescale(Trainer trainer, Optimizer optimizer, double factor) {
    List<String> rescaled = new ArrayList<>();
    for (Trainer.ExtensionEntry entry : trainer.extensionEntries()) {
      if (entry.extension() instanceof Shift shift
          && shift.attr().equals(Optimizer.LR)
          && trainer.getUpdater().getOptimizer(shift.optimizerName()) == optimizer) {
        shift.rescale(factor);
        rescaled.add(entry.name());
      }
    }
    return rescaled;
  }
}
