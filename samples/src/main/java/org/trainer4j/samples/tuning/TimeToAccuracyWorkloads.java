package org.trainer4j.samples.tuning;

import java.util.List;
import java.util.function.LongFunction;
import org.trainer4j.model.Model;
import org.trainer4j.samples.cnn.FashionCnn;

/** The models of the time-to-accuracy benchmark, by workload name. */
public final class TimeToAccuracyWorkloads {

  /** The names {@link #model} knows. */
  public static final List<String> NAMES = List.of("mlp", "cnn");

  private TimeToAccuracyWorkloads() {}

  /**
   * {@code cnn}: the main job's CNN ({@code train}'s, dropout 0.4); {@code mlp}: the tune
   * benchmark's BN MLP at a quarter width (784-256-256-10).
   */
  public static LongFunction<Model> model(String workload) {
    return switch (workload) {
      case "cnn" -> seed -> Model.of(FashionCnn.build(seed, 0.4));
      case "mlp" -> seed -> TuneModels.mlp(784, 10, 0.25, seed);
      default ->
          throw new IllegalArgumentException(
              "unknown workload '" + workload + "'; use " + String.join(", ", NAMES));
    };
  }
}
