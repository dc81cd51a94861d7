package org.trainer4j.samples.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * The per-iteration reporting work a typical training script registers: observations are
 * accumulated every iteration and summarized every 100 iterations, which is what a LogReport does.
 */
public final class ReportingExtensions {

  private ReportingExtensions() {}

  /** Extensions for the overhead benchmark's trainer side. */
  public static Extension[] create(Path outDir) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    Extension accumulate =
        Extensions.of(
            "accumulate",
            t ->
                t.getObservation()
                    .forEach(
                        (k, v) -> {
                          double[] s = sums.computeIfAbsent(k, key -> new double[2]);
                          s[0] += v;
                          s[1]++;
                        }));
    Extension summarize =
        Extensions.builder("summarize", t -> sums.clear())
            .trigger(() -> IntervalTrigger.iterations(100))
            .build();
    return new Extension[] {accumulate, summarize};
  }
}
