package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait between contenders: until the process's own CPU use has stayed low for a while. */
class ProcessSettleTest {

  /**
   * A fake process: each sleep advances the wall clock by the window and the CPU clock by the next
   * scripted number of milliseconds (the last one repeats).
   */
  static final class FakeProcess {
    final List<Long> cpuMillisPerWindow;
    long wallNanos;
    long cpuNanos;
    int windows;
    final List<Long> sleeps = new ArrayList<>();

    FakeProcess(Long... cpuMillisPerWindow) {
      this.cpuMillisPerWindow = List.of(cpuMillisPerWindow);
    }

    ProcessSettle settle() {
      return new ProcessSettle(
          () -> cpuNanos,
          () -> wallNanos,
          millis -> {
            sleeps.add(millis);
            wallNanos += millis * 1_000_000;
            int i = Math.min(windows++, cpuMillisPerWindow.size() - 1);
            cpuNanos += cpuMillisPerWindow.get(i) * 1_000_000;
          });
    }
  }

  @Test
  void aQuietProcessWaitsOnlyTheQuietWindowsItNeeds() {
    FakeProcess p = new FakeProcess(0L);

    ProcessSettle.Result r = p.settle().await();

    assertThat(r.settled()).isTrue();
    assertThat(p.sleeps).hasSize(ProcessSettle.QUIET_WINDOWS);
    assertThat(r.seconds()).isCloseTo(0.3, offset(1e-9));
  }

  @Test
  void aProcessBusyOnBothCoresIsWaitedOutUntilItHasBeenQuietThreeWindowsInARow() {
    // After a long small-batch contender: both CPUs busy for 0.5 s, then idle.
    FakeProcess p = new FakeProcess(200L, 200L, 200L, 190L, 170L, 5L);

    ProcessSettle.Result r = p.settle().await();

    assertThat(r.settled()).isTrue();
    assertThat(p.windows).isEqualTo(5 + ProcessSettle.QUIET_WINDOWS);
    assertThat(r.seconds()).isCloseTo(0.8, offset(1e-9));
  }

  @Test
  void aBusyWindowBetweenQuietOnesStartsTheCountAgain() {
    FakeProcess p = new FakeProcess(5L, 5L, 150L, 5L, 5L, 5L);

    ProcessSettle.Result r = p.settle().await();

    assertThat(r.settled()).isTrue();
    assertThat(p.windows).isEqualTo(6);
  }

  @Test
  void aWindowJustUnderAFifthOfOneCoreIsQuietAndOneAtItIsNot() {
    FakeProcess under = new FakeProcess(19L);
    FakeProcess at = new FakeProcess(20L);

    assertThat(under.settle().await().settled()).isTrue();
    ProcessSettle.Result r = at.settle().await();

    assertThat(r.settled()).isFalse();
    assertThat(r.seconds()).isGreaterThanOrEqualTo(ProcessSettle.CAP_SECONDS);
  }

  @Test
  void aProcessThatNeverGoesQuietIsLeftAtTheCapAndSaysSo() {
    FakeProcess p = new FakeProcess(100L);

    ProcessSettle.Result r = p.settle().await();

    assertThat(r.settled()).isFalse();
    assertThat(r.seconds())
        .isBetween(
            ProcessSettle.CAP_SECONDS,
            ProcessSettle.CAP_SECONDS + ProcessSettle.WINDOW_MILLIS / 1e3);
  }

  @Test
  void withoutAReadableCpuClockItDoesNotWaitAtAll() {
    List<Long> sleeps = new ArrayList<>();
    ProcessSettle settle = new ProcessSettle(() -> -1, System::nanoTime, sleeps::add);

    ProcessSettle.Result r = settle.await();

    assertThat(r.settled()).isFalse();
    assertThat(r.seconds()).isZero();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void thisJvmSettlesWhenNothingElseRunsInIt() {
    ProcessSettle.Result r = ProcessSettle.ofThisProcess().await();

    assertThat(r.settled()).isTrue();
    assertThat(r.seconds()).isLessThan(ProcessSettle.CAP_SECONDS);
  }
}
