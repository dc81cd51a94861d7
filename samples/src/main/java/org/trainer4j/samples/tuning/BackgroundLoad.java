package org.trainer4j.samples.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's documented interference: {@code threads} busy-spinning threads that run for
 * {@code onSeconds}, pause for {@code offSeconds}, and repeat, until {@link #close()} or until
 * {@code maxSeconds} have passed (so a crashed benchmark cannot leave it running). It models
 * another job on the machine that comes and goes while the search measures.
 */
final class BackgroundLoad implements AutoCloseable {

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  BackgroundLoad(int threadCount, double onSeconds, double offSeconds, double maxSeconds) {
    long start = System.nanoTime();
    for (int i = 0; i < threadCount; i++) {
      Thread t =
          new Thread(
              () -> {
                double x = 0;
                while (!stopped && (System.nanoTime() - start) / 1e9 < maxSeconds) {
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
  private static final double MAX_SECONDS = 2_400;

  /**
   * Two spinning threads, 1.5 s on and 1.5 s off, for at most 40 minutes: a loaded workload's
   * referee times its confirming windows a whole period each (the CNN's took 16-17 minutes on an
   * AMD EPYC with 2 CPUs), and the load must outlast it.
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
        + " (at most 2400 s)";
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
