package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.function.DoublePredicate;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up of a search's first measurement. A fresh process runs its first training steps
 * several times slower than later ones while the JIT compiles the training path and ND4J sizes its
 * workspaces: on the full-data MLP, steps 1-10 at size 32 took 11 ms each and steps 40-50 6.5 ms.
 * With the settings' two warm-up steps a search timed 32 and 64 at two to three times their cost,
 * and took the spread between its windows for timing noise, which widened every later margin. So
 * the first measurement, after those steps, keeps warming up in chunks of about {@link
 * #CHUNK_SECONDS} until {@link #PATIENCE} chunks in a row have a fastest step no more than {@link
 * #TOLERANCE} faster than the fastest before them, for at most {@link #CAP_SECONDS} and never past
 * the budget's floor; later measurements run in a warm process and keep the settings' fixed
 * warm-up. The fastest step of a chunk, not its median, is compared: a garbage collection or a
 * preempted step slows single steps, not the process's speed.
 *
 * <p>The whole warm-up, the settings' steps included, is kept out of the search's budget: the first
 * steps of a new model copy are a one-off cost the training pays anyway. In a JVM that had trained
 * ten models before, the first three steps of the copy took 1.2 s of a 0.8 s budget (full-data MLP,
 * size 32, 13 ms a step once warm), and the search kept 32 because no noise estimate fitted what
 * was left. Steps that slow also no longer end the warm-up at once: a chunk shrinks to what the cap
 * leaves, down to one step.
 *
 * <p>What is given back is bounded by what one step may cost: when the settings' steps show that a
 * single step takes longer than the search may spend in all, the warm-up ends there and the search
 * with it ({@link UnaffordableStep}). Without that bound a 5 s search of the main job's CNN started
 * at size 1000 (3-7 s a step) ran six steps, 28 s, and kept 1000 all the same.
 */
final class WarmUp {

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /** A chunk must beat the fastest step so far by more than this share to keep warming up. */
  static final double TOLERANCE = 0.05;

  /**
   * Chunks in a row that must show no gain: the compiler speeds steps up in jumps, with plateaus of
   * a chunk or two between them (full-data MLP at 32, fastest step of each 10: 10.3, 8.0, 7.9, 7.4,
   * 6.2, 6.4, 6.5 ms).
   */
  static final int PATIENCE = 2;

  /** Seconds a chunk of steps should last, so that it spans enough of the compiler's progress. */
  static final double CHUNK_SECONDS = 0.05;

  /** Seconds the chunks after the settings' warm-up may take at most (one step past it at most). */
  static final double CAP_SECONDS = 0.5;

  private static final int MAX_STEPS_PER_CHUNK = 64;

  /**
   * What a warm-up ran.
   *
   * @param steps steps run, the settings' warm-up included
   * @param seconds seconds of all those steps, which the budget does not count (0 when the budget
   *     has no floor: a pure share of the training counts everything); when a step was
   *     unaffordable, the seconds of the settings' steps, which the search spent and ends on
   * @param fastestStepSeconds the fastest step's seconds (NaN when none ran)
   * @param affordable false when one step, the fastest of the settings' warm-up, costs more than
   *     the search may spend: no measurement fits, so the warm-up stopped there
   */
  record Settled(int steps, double seconds, double fastestStepSeconds, boolean affordable) {}

  private WarmUp() {}

  /**
   * Runs the first measurement's warm-up through {@code steps} (which runs n steps and returns each
   * step's seconds, or an empty array once the size has failed): {@code warmup} steps, then chunks
   * until they stop getting faster, for at most {@link #CAP_SECONDS} and the floor of {@code
   * budget}. With {@code warmup} 0 there is no warm-up. It ends after the settings' steps when
   * {@code affordable} refuses the fastest of them.
   */
  static Settled settle(
      IntFunction<double[]> steps, int warmup, Budget budget, DoublePredicate affordable) {
    Preconditions.checkArgument(warmup >= 0, "warmup must be >= 0: %s", warmup);
    Preconditions.checkNotNull(affordable, "affordable");
    double capSeconds = Math.min(CAP_SECONDS, budget.floorSeconds());
    if (warmup == 0) {
      return new Settled(0, 0, Double.NaN, true);
    }
    double[] first = steps.apply(warmup);
    if (log.isDebugEnabled()) {
      log.debug("warm-up: the first {} steps took {} s", first.length, Arrays.toString(first));
    }
    int run = first.length;
    double best = min(first);
    if (run > 0 && !affordable.test(best)) {
      return new Settled(run, sum(first), best, false);
    }
    double extra = 0;
    int flat = 0;
    while (run > 0 && extra < capSeconds) {
      int n = (int) Math.min(chunkSteps(best), Math.max(1, (capSeconds - extra) / best));
      double[] chunk = steps.apply(n);
      if (chunk.length == 0) {
        break;
      }
      run += chunk.length;
      extra += sum(chunk);
      double fastest = min(chunk);
      flat = fastest < (1 - TOLERANCE) * best ? 0 : flat + 1;
      log.debug(
          "warm-up chunk of {} steps: {} s, fastest step {} s (fastest before {} s), flat {}",
          chunk.length,
          sum(chunk),
          fastest,
          best,
          flat);
      best = Math.min(best, fastest);
      if (flat >= PATIENCE) {
        break;
      }
    }
    return new Settled(run, capSeconds > 0 ? sum(first) + extra : 0, best, true);
  }

  /** Steps of about {@link #CHUNK_SECONDS} at {@code stepSeconds} a step, at least two. */
  static int chunkSteps(double stepSeconds) {
    if (!(stepSeconds > 0) || !Double.isFinite(stepSeconds)) {
      return 2;
    }
    return (int) Math.max(2, Math.min(MAX_STEPS_PER_CHUNK, Math.ceil(CHUNK_SECONDS / stepSeconds)));
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double sum(double[] values) {
    return Arrays.stream(values).sum();
  }
}
