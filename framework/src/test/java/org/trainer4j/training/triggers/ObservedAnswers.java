package org.trainer4j.training.triggers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.Trigger;

/** A trigger's answers to one observation per iteration, one iteration an epoch. */
final class ObservedAnswers {

  private ObservedAnswers() {}

  /** The answers of {@code trigger} after each of {@code values}, observed as {@code key}. */
  static List<Boolean> of(Trigger trigger, Path out, String key, double... values) {
    Trainer trainer = MockUpdater.trainer(1, IntervalTrigger.iterations(1000), out);
    List<Boolean> answers = new ArrayList<>();
    for (double value : values) {
      trainer.getUpdater().update();
      Map<String, Double> observation = trainer.getObservation();
      observation.clear();
      observation.put(key, value);
      answers.add(trigger.test(trainer));
    }
    return answers;
  }
}
