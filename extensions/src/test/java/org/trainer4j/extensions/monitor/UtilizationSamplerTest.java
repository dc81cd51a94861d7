package org.trainer4j.extensions.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainer4j.testing.LogCapture;

class UtilizationSamplerTest {

  // So long that the thread takes only its first reading; the test drives the rest.
  private static final Duration MANUAL = Duration.ofHours(1);

  @RegisterExtension final LogCapture logs = LogCapture.of(UtilizationSampler.class);

  @Test
  void samplesPeriodicallyOnADaemonThreadUntilStopped() throws InterruptedException {
    FakeMonitor monitor = new FakeMonitor(true, 60, 10);
    UtilizationSampler sampler = new UtilizationSampler(monitor, UtilizationSampler.MIN_INTERVAL);

    sampler.start();
    monitor.awaitReadings(3);
    UtilizationStats stats = sampler.stop();

    assertThat(stats.count()).isGreaterThanOrEqualTo(3);
    assertThat(stats.mean()).isEqualTo(60.0);
    assertThat(stats.deviceLost()).isFalse();
    assertThat(samplerThreads()).isZero();
  }

  @Test
  void statsCoverStartToStopTheBaselineBeforeIsLeftOutAndStopTakesAClosingReading() {
    // A reading describes the time since the previous one: 10 % is what ran before start.
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);
    sampler.start();
    monitor.setUtilization(30);
    sampler.sampleNow();
    monitor.setUtilization(50);

    UtilizationStats stats = sampler.stop();
    sampler.sampleNow();

    assertThat(monitor.calls()).isEqualTo(3);
    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.mean()).isEqualTo(40.0);
    assertThat(stats.top50Mean()).isEqualTo(50.0);
    assertThat(sampler.snapshot()).isEqualTo(stats);
    assertThat(sampler.isRunning()).isFalse();
  }

  @Test
  void aWindowShorterThanTheIntervalStillHasItsClosingReading() {
    FakeMonitor monitor = new FakeMonitor(true, 0, 0);
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);
    sampler.start();
    monitor.setUtilization(90);

    UtilizationStats stats = sampler.stop();

    assertThat(stats.count()).isEqualTo(1);
    assertThat(stats.mean()).isEqualTo(90.0);
  }

  @Test
  void drainSummarizesEachWindowOnceWhileSnapshotKeepsTheWholeRun() {
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);
    try (UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL)) {
      sampler.start();
      sampler.sampleNow();
      UtilizationStats first = sampler.drain();
      monitor.setUtilization(50);
      sampler.sampleNow();
      sampler.sampleNow();
      UtilizationStats second = sampler.drain();

      assertThat(first.count()).isEqualTo(1);
      assertThat(first.mean()).isEqualTo(10.0);
      assertThat(second.count()).isEqualTo(2);
      assertThat(second.mean()).isEqualTo(50.0);
      assertThat(sampler.drain().hasSamples()).isFalse();
      assertThat(sampler.snapshot().count()).isEqualTo(3);
    }
  }

  @Test
  void aFailingDeviceEndsSamplingLogsOnceAndMarksTheStats() {
    FakeMonitor monitor = new FakeMonitor(true, 80, 0);
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);
    sampler.start();
    monitor.fail();

    sampler.sampleNow();
    sampler.sampleNow();
    int callsAfterLoss = monitor.calls();
    sampler.sampleNow();
    UtilizationStats stats = sampler.stop();

    assertThat(stats.deviceLost()).isTrue();
    assertThat(stats.hasSamples()).isFalse();
    assertThat(sampler.isDeviceLost()).isTrue();
    assertThat(monitor.calls()).isEqualTo(callsAfterLoss).isEqualTo(2);
    assertThat(logs.events())
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Fake GPU is lost"));
  }

  @Test
  void aDeviceUnreadableAtStartIsLostAtOnceAndNoThreadRuns() {
    FakeMonitor monitor = new FakeMonitor(true, 80, 0);
    monitor.fail();
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);

    sampler.start();

    assertThat(sampler.isDeviceLost()).isTrue();
    assertThat(sampler.isRunning()).isTrue();
    assertThat(samplerThreads()).isZero();
    UtilizationStats stats = sampler.stop();
    assertThat(stats.deviceLost()).isTrue();
    assertThat(stats.hasSamples()).isFalse();
  }

  @Test
  void theBaselineReadingIsTakenBeforeStartReturnsForMemoryButIsNotCounted() {
    FakeMonitor monitor = new FakeMonitor(true, 25, 7);
    try (UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL)) {
      sampler.start();

      assertThat(monitor.calls()).isEqualTo(1);
      assertThat(sampler.snapshot().hasSamples()).isFalse();
      assertThat(sampler.lastSample()).contains(new DeviceSample(25, 7, 1000));
    }
  }

  @Test
  void restartingDiscardsTheEarlierRun() {
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);
    sampler.start();
    monitor.fail();
    sampler.sampleNow();
    sampler.stop();

    monitor = new FakeMonitor(true, 70, 5);
    UtilizationSampler fresh = new UtilizationSampler(monitor, MANUAL);
    fresh.start();
    fresh.stop();
    fresh.start();
    UtilizationStats stats = fresh.stop();

    assertThat(stats.count()).isEqualTo(1);
    assertThat(stats.deviceLost()).isFalse();
    assertThat(fresh.lastSample()).contains(new DeviceSample(70, 5, 1000));
  }

  @Test
  void startTwiceOrStopWhenIdleIsAnError() {
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);
    UtilizationSampler sampler = new UtilizationSampler(monitor, MANUAL);

    assertThatThrownBy(sampler::stop).isInstanceOf(IllegalStateException.class);
    sampler.start();
    assertThatThrownBy(sampler::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
    sampler.close();
    sampler.close();
    assertThat(samplerThreads()).isZero();
  }

  @Test
  void rejectsIntervalsBelow100Milliseconds() {
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);

    assertThatThrownBy(() -> new UtilizationSampler(monitor, Duration.ofMillis(99)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 100 ms");
  }

  @Test
  void rejectsIntervalsAboveADayWhoseNanosecondsWouldOverflowMidRun() {
    FakeMonitor monitor = new FakeMonitor(true, 10, 0);

    assertThat(new UtilizationSampler(monitor, Duration.ofDays(1)).interval())
        .isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> new UtilizationSampler(monitor, Duration.ofDays(365 * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be at most a day: PT2628000H");
    assertThatThrownBy(() -> new UtilizationSampler(monitor, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval must be at most a day");
  }

  @Test
  void beforeStartThereIsNothingToReport() {
    UtilizationSampler sampler = new UtilizationSampler(new FakeMonitor(true, 10, 0));

    assertThat(sampler.snapshot().hasSamples()).isFalse();
    assertThat(sampler.drain().hasSamples()).isFalse();
    assertThat(sampler.lastSample()).isEmpty();
    assertThat(sampler.isDeviceLost()).isFalse();
    assertThat(sampler.interval()).isEqualTo(Duration.ofSeconds(1));
  }

  static long samplerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("trainer4j-sampler-") && t.isAlive())
        .count();
  }
}
