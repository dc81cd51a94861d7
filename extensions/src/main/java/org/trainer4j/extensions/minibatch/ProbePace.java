package org.trainer4j.extensions.minibatch;

/**
 * How fast the probes ran in wall-clock time against their step times: 1 on a machine to itself,
 * more while other threads or processes held the CPUs the probes waited for ({@link
 * ProbeRunner#waitedSeconds}). Step times leave the waits out, so that sizes compare as on a quiet
 * machine; the budget is wall-clock time, so what it weighs (a timing's cost, the planned training
 * it is a share of, the warm-up given back) is scaled back by this. On the tune benchmark's on/off
 * load a search's probes waited 30-40 % of their wall-clock time: costs predicted from step times
 * alone ran past the budget, and the budget, a share of a training planned at the quiet pace, ran
 * out a rung short of the best size. An immutable running total: each probe adds its steps and its
 * wait.
 *
 * @param stepSeconds the probes' step times, summed
 * @param waitedSeconds the time they waited for a CPU, left out of their step times
 */
record ProbePace(double stepSeconds, double waitedSeconds) {

  static final ProbePace NONE = new ProbePace(0, 0);

  /**
   * This pace with {@code steps} more step seconds, during which the probes waited {@code waited}.
   */
  ProbePace plus(double steps, double waited) {
    return new ProbePace(stepSeconds + steps, waitedSeconds + Math.max(0, waited));
  }

  /** Wall-clock seconds per second of step time (1 before any step). */
  double wallPerStepSecond() {
    return stepSeconds > 0 ? (stepSeconds + waitedSeconds) / stepSeconds : 1;
  }

  /** The pace of the probes since {@code earlier}, a total this one grew from. */
  ProbePace since(ProbePace earlier) {
    return new ProbePace(stepSeconds - earlier.stepSeconds, waitedSeconds - earlier.waitedSeconds);
  }
}
