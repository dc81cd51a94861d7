package org.trainer4j.samples.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's documented interference: {@code threads} busy-spinning threads that run for
 * {@code onSeconds}, pause for {@code offSeconds}, and repeat, until {@link #close()} or until
 * {@code maxSeconds} have passed (so a benchmark that hangs cannot leave it spinning for ever). It
 * models another job on the machine that comes and goes while the search measures. {@link #held}
 * says whether it was still running, so that a workload that outlasted it is reported as such, not
 * silently measured half quiet.
 */
final class BackgroundLoad implements AutoCloseable {

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;
  private final long start = System.nanoTime();
  private final double maxSeconds;

  BackgroundLoad(int threadCount, double onSeconds, double offSeconds, double maxSeconds) {
    this.maxSeconds = maxSeconds;
    for (int i = 0; i < threadCount; i++) {
      Thread t =
          new Thread(
              () -> {
                double x = 0;
                while (held()) {
                  double phase = ((System.nanoTime() - start) / 1e9) % (onSeconds + offSeconds);
                  if (phase < onSeconds) {
                    x += Math.sqrt(x + phase); // busy
                  } else {
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
                if (x == -1) {
                  System.out.print(""); // keeps the loop from being optimized away
                }
              },
              "tune-background-load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private static final double ON_SECONDS = 1.5;
  private static final double OFF_SECONDS = 1.5;
  private static final double MAX_SECONDS = 3 * 3_600;

  /**
   * Two spinning threads, 1.5 s on and 1.5 s off, for at most 3 hours: a loaded workload's referee
   * times its confirming windows a whole period each (the CNN's took 16-17 minutes with one
   * strategy's pick on an AMD EPYC with 2 CPUs, more with every strategy's), and the load must
   * outlast it.
   */
  static BackgroundLoad standard() {
    return new BackgroundLoad(2, ON_SECONDS, OFF_SECONDS, MAX_SECONDS);
  }

  /** Seconds of one on/off cycle of the standard load. */
  static double periodSeconds() {
    return ON_SECONDS + OFF_SECONDS;
  }

  static String describe() {
    return "2 busy threads, 1.5 s on / 1.5 s off, started with the workload and stopped after it"
        + " (at most "
        + (long) MAX_SECONDS
        + " s)";
  }

  /** True while the load still runs: not closed and its {@code maxSeconds} not yet passed. */
  boolean held() {
    return !stopped && (System.nanoTime() - start) / 1e9 < maxSeconds;
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
