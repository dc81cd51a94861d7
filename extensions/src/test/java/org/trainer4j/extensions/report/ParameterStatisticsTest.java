package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.model.Model;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class ParameterStatisticsTest {

  @TempDir Path out;

  @Test
  void describesEveryParameterAndGradientOfTheModel() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    LogReport log = new LogReport();
    trainer.extend(new ParameterStatistics());
    trainer.extend(log);

    trainer.run();

    Model model = TinyRun.model(trainer);
    Map<String, Double> entry = log.getLog().get(0);
    for (String param : model.paramTable().keySet()) {
      assertThat(entry)
          .containsKeys(
              "main/" + param + "/data/mean",
              "main/" + param + "/data/percentile/6",
              "main/" + param + "/grad/std");
    }
    var w = model.paramTable().get("0_W");
    assertThat(entry.get("main/0_W/data/max")).isCloseTo(w.maxNumber().doubleValue(), within(1e-6));
    assertThat(entry.get("main/0_W/data/mean"))
        .isCloseTo(w.meanNumber().doubleValue(), within(1e-6));
  }

  @Test
  void gradientSlicesLineUpWithTheirParameters() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(1));
    trainer.run();
    Model model = TinyRun.model(trainer);
    // The same slicing over the parameter vector must give each parameter's own values.
    var flat = model.params().reshape(model.params().length());
    long offset = 0;
    for (var e : model.paramTable().entrySet()) {
      long n = e.getValue().length();
      var slice = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n));
      assertThat(Nd4j.sort(slice.dup(), true))
          .isEqualTo(Nd4j.sort(e.getValue().dup().reshape(n), true));
      offset += n;
    }
    assertThat(offset).isEqualTo(model.gradients().length());
  }

  @Test
  void computesPercentilesLikeNumpy() {
    double[] sorted = {1, 2, 3, 4};

    assertThat(ParameterStatistics.percentile(sorted, 50)).isEqualTo(2.5);
    assertThat(ParameterStatistics.percentile(sorted, 0.13)).isCloseTo(1.0039, within(1e-12));
    assertThat(ParameterStatistics.percentile(sorted, 100)).isEqualTo(4.0);
  }
}
