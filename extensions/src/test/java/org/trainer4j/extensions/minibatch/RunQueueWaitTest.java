package org.trainer4j.extensions.minibatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.base.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-queue wait a search leaves out of its step times: read from the kernel's per-thread
 * scheduler statistics, absent (wall-clock timing) where there are none, and never mixed with a
 * custom clock.
 */
class RunQueueWaitTest {

  @TempDir Path dir;

  @Test
  void theWaitIsTheSecondFieldOfSchedstat() throws IOException {
    Path file = Files.writeString(dir.resolve("schedstat"), "2500000 750000 12\n");

    RunQueueWait wait = SchedstatRunQueueWait.openOrNone(file);

    assertThat(wait).isNotSameAs(RunQueueWait.NONE);
    assertThat(wait.nanos()).isEqualTo(750_000L);
    Files.writeString(file, "2600000 900000 13\n");
    assertThat(wait.nanos()).isEqualTo(900_000L);
  }

  @Test
  void aMissingOrUnreadableFileMeansWallClockTiming() throws IOException {
    Path garbled = Files.writeString(dir.resolve("garbled"), "not numbers\n");
    Path short1 = Files.writeString(dir.resolve("short"), "2500000\n");

    assertThat(SchedstatRunQueueWait.openOrNone(dir.resolve("absent"))).isSameAs(RunQueueWait.NONE);
    assertThat(SchedstatRunQueueWait.openOrNone(garbled)).isSameAs(RunQueueWait.NONE);
    assertThat(SchedstatRunQueueWait.openOrNone(short1)).isSameAs(RunQueueWait.NONE);
  }

  @Test
  void onLinuxAThreadCompetingForTheCpusWithTwiceAsManySpinnersWaits() throws Exception {
    assumeTrue(Files.isReadable(SchedstatRunQueueWait.THREAD_SELF), "no schedstat here");
    RunQueueWait wait = RunQueueWait.ofCallingThread();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> spin(stop));
      t.setDaemon(true);
      spinners.add(t);
      t.start();
    }
    try {
      long before = wait.nanos();
      long start = System.nanoTime();
      double x = 0;
      while (System.nanoTime() - start < 300_000_000L) {
        x += Math.sqrt(x + 1);
      }
      long waited = wait.nanos() - before;
      long wall = System.nanoTime() - start;

      // With 2n spinners on n CPUs this thread gets about a third of one: it waits most of the
      // time; a tenth is far below what any scheduler gives it, and far above zero.
      assertThat(waited).as("waited %s ns of %s (x=%s)", waited, wall, x).isGreaterThan(wall / 10);
      assertThat(waited).isLessThan(wall);
    } finally {
      stop.set(true);
      for (Thread t : spinners) {
        t.join();
      }
    }
  }

  @Test
  void theDefaultsReadTheKernelAndACustomClockComesWithoutWait() {
    assumeTrue(Files.isReadable(SchedstatRunQueueWait.THREAD_SELF), "no schedstat here");
    SearchSettings defaults = SearchSettings.defaults();
    RunQueueWait fake = () -> 42;

    assertThat(defaults.runQueueWait()).isInstanceOf(SchedstatRunQueueWait.class);
    assertThat(defaults.withTicker(Ticker.systemTicker()).runQueueWait())
        .isSameAs(RunQueueWait.NONE);
    assertThat(defaults.withTicker(Ticker.systemTicker()).withRunQueueWait(fake).runQueueWait())
        .isSameAs(fake);
    assertThat(defaults.withBudget(Budget.DEFAULT).runQueueWait())
        .isSameAs(defaults.runQueueWait());
  }

  @Test
  void aJobOfSeveralProcessesTimesByWallClock() {
    RunQueueWait fake = () -> 42;
    SearchSettings settings = SearchSettings.defaults().withRunQueueWait(fake);

    assertThat(settings.runQueueWaitFor(1)).isSameAs(fake);
    assertThat(settings.runQueueWaitFor(2)).isSameAs(RunQueueWait.NONE);
  }

  private static void spin(AtomicBoolean stop) {
    double y = 0;
    while (!stop.get()) {
      y += Math.sqrt(y + 1);
    }
    if (y == -1) {
      System.out.print("");
    }
  }
}
