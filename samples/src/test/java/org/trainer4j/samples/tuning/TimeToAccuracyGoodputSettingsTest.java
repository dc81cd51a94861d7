package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trainer4j.extensions.minibatch.goodput.GoodputSettings;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.samples.tuning.TimeToAccuracy.Job;
import org.trainer4j.samples.tuning.TimeToAccuracy.Kind;

class TimeToAccuracyGoodputSettingsTest {

  private static Job job(double criticalBatchFactor) {
    return new Job(null, null, null, 32, 0.001, 0.85, 2, 0.8, 30, 4, 1, criticalBatchFactor);
  }

  @Test
  void everyGoodputContenderSearchesWithTheJobsCriticalBatchFactor() {
    for (Kind kind :
        new Kind[] {
          Kind.GOODPUT, Kind.GOODPUT_ADAPTIVE, Kind.GOODPUT_ADAPTIVE_ADAM, Kind.GOODPUT_EXPLORE
        }) {
      assertThat(TimeToAccuracy.goodputStrategy(job(2.5), kind).settings().criticalBatchFactor())
          .as(kind.name())
          .isEqualTo(2.5);
    }
  }

  @Test
  void onlyTheAdamContenderMeasuresNoiseInTheOptimizersGeometry() {
    assertThat(
            TimeToAccuracy.goodputStrategy(job(1), Kind.GOODPUT_ADAPTIVE_ADAM)
                .settings()
                .geometry())
        .isEqualTo(NoiseGeometry.OPTIMIZER);
    assertThat(TimeToAccuracy.goodputStrategy(job(1), Kind.GOODPUT_ADAPTIVE).settings().geometry())
        .isEqualTo(GoodputSettings.DEFAULT.geometry());
  }

  @Test
  void aBadFactorIsRefusedAndNaNStandsForOneThatWasNotRecorded() {
    assertThat(job(Double.NaN).criticalBatchFactor()).isNaN();
    assertThatThrownBy(() -> job(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criticalBatchFactor");
    assertThatThrownBy(() -> job(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("criticalBatchFactor");
  }

  @Test
  void aFixedSizeHasNoGoodputSettings() {
    assertThatThrownBy(() -> TimeToAccuracy.goodputStrategy(job(4), Kind.FIXED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FIXED");
  }
}
