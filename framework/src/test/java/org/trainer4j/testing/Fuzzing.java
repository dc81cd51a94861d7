package org.trainer4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a reader over seeded mutations of valid files and fails on the first input that ends in
 * anything but a normal return or a documented exception: another exception, an error such as
 * {@code OutOfMemoryError}, or no answer within {@link #PER_INPUT_SECONDS}. The offending input is
 * saved under {@code target/fuzz-failures/} and named in the failure with its seed and index.
 *
 * <p>{@code -Dtrainer4j.fuzz.tries=N} runs N inputs per reader instead of the CI default, {@code
 * -Dtrainer4j.fuzz.seed=S} another sequence (default {@value #DEFAULT_SEED}). Input {@code i} is
 * drawn from its own generator, seeded from (seed, i, name), so any one input is reproducible
 * alone.
 */
public final class Fuzzing {

  public static final String TRIES_PROPERTY = "trainer4j.fuzz.tries";
  public static final String SEED_PROPERTY = "trainer4j.fuzz.seed";
  public static final long DEFAULT_SEED = 14;
  public static final long PER_INPUT_SECONDS = 20;

  private Fuzzing() {}

  /** Reads one input; returns normally for a valid one, throws a documented exception otherwise. */
  @FunctionalInterface
  public interface Target {
    void read(byte[] input) throws Exception;
  }

  /** What a run saw: inputs accepted as valid, and rejections counted by exception type. */
  public record Report(
      String name, long seed, int tries, int accepted, Map<String, Integer> rejected) {
    public int rejectedTotal() {
      return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Runs {@code target} over {@code tries} mutations (or the {@value #TRIES_PROPERTY} count) of
   * {@code seeds}.
   *
   * @param documented the exception types {@code target} may throw for an invalid input
   */
  public static Report run(
      String name,
      List<byte[]> seeds,
      int tries,
      List<Class<? extends Exception>> documented,
      Target target)
      throws IOException, InterruptedException {
    int count = Integer.getInteger(TRIES_PROPERTY, tries);
    long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    Map<String, Integer> rejected = new TreeMap<>();
    int accepted = 0;
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < count; i++) {
        SplittableRandom random = new SplittableRandom((seed * 1_000_003L + i) ^ name.hashCode());
        byte[] input = new Mutator(random).mutate(seeds.get(random.nextInt(seeds.size())));
        Future<?> run =
            worker.submit(
                () -> {
                  target.read(input);
                  return null;
                });
        try {
          run.get(PER_INPUT_SECONDS, TimeUnit.SECONDS);
          accepted++;
        } catch (TimeoutException e) {
          run.cancel(true);
          throw failure(
              name, seed, i, input, "did not finish within " + PER_INPUT_SECONDS + " s", null);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (!isDocumented(cause, documented)) {
            throw failure(name, seed, i, input, "threw " + cause, cause);
          }
          rejected.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
        }
      }
    } finally {
      worker.shutdownNow();
    }
    Report report = new Report(name, seed, count, accepted, rejected);
    System.out.printf(
        "fuzz %s: seed=%d tries=%d accepted=%d rejected=%s%n",
        name, seed, count, accepted, rejected);
    return report;
  }

  private static boolean isDocumented(
      Throwable thrown, List<Class<? extends Exception>> documented) {
    return documented.stream().anyMatch(type -> type.isInstance(thrown));
  }

  private static AssertionError failure(
      String name, long seed, int index, byte[] input, String what, Throwable cause)
      throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
    Path saved = dir.resolve(name + "-seed" + seed + "-input" + index + ".bin");
    Files.write(saved, input);
    return new AssertionError(
        String.format(
            "fuzz %s: input %d of seed %d (%d bytes, saved to %s) %s",
            name, index, seed, input.length, saved.toAbsolutePath(), what),
        cause);
  }
}
