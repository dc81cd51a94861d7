package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.ProbeRunner;

class RefereeTest {

  private static final int DATASET = 1_000;

  /**
   * Steps of 10 ms per 10 examples on a simulated clock; during the first half of every {@code
   * period} another job doubles them.
   */
  private static final class OnOffLoad implements ProbeRunner {
    private final double period;
    private double clock;

    OnOffLoad(double period) {
      this.period = period;
    }

    @Override
    public double[] run(int batchSize, int steps) {
      double[] seconds = new double[steps];
      for (int i = 0; i < steps; i++) {
        double quiet = 0.001 * batchSize;
        seconds[i] = (clock % period) < period / 2 ? 2 * quiet : quiet;
        clock += seconds[i];
      }
      return seconds;
    }
  }

  @Test
  void underAnOnOffLoadEachPassCountsTheMeanStepOverAWholePeriod() {
    Referee referee = Referee.underLoad(new OnOffLoad(3.0), DATASET, 2, 5, 0.4, 3.0);

    referee.measure(List.of(10, 20), 5, 1);

    // Half the time loaded at twice the cost: an epoch under this load takes 4/3 of a quiet one.
    double quietEpoch = 0.001 * DATASET;
    for (int b : List.of(10, 20)) {
      for (double epoch : referee.of(b)) {
        assertThat(epoch).isCloseTo(4.0 / 3 * quietEpoch, within(0.05 * quietEpoch));
      }
    }
    double[] ratio = referee.ratio(20, 10);
    assertThat(ratio[2] / ratio[1]).isLessThan(1.1);
  }

  @Test
  void aQuietRefereeTakesTheMedianStep() {
    // Short passes under the same load land wholly in one phase: the median is loaded or quiet.
    Referee referee = Referee.quiet(new OnOffLoad(3.0), DATASET, 2, 5, 0.4);

    referee.measure(List.of(10), 8, 1);

    double quietEpoch = 0.001 * DATASET;
    assertThat(referee.of(10))
        .allSatisfy(
            epoch ->
                assertThat(Math.min(Math.abs(epoch - quietEpoch), Math.abs(epoch - 2 * quietEpoch)))
                    .isLessThan(0.01 * quietEpoch));
    assertThat(referee.of(10)).anyMatch(epoch -> Math.abs(epoch - quietEpoch) < 0.01 * quietEpoch);
    assertThat(referee.of(10))
        .anyMatch(epoch -> Math.abs(epoch - 2 * quietEpoch) < 0.01 * quietEpoch);
  }
}
