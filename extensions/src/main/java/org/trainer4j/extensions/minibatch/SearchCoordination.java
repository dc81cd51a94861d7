package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.parallel.ReduceOp;

/**
 * How the members of a multi-process job search one minibatch size together. They run every probe
 * together (the probe step's collectives need it), so each must take every decision alike: a
 * decision may only depend on what every member sees the same. Step times are the maximum over the
 * members (the job's step waits for its slowest member); what only one member can read (the
 * budget's wall clock, a utilization sample, a gradient-noise estimate) is rank 0's, broadcast; a
 * memory ceiling is the tightest member's; a failure on one member is a failure on all. In a
 * single-process job every method returns its argument.
 */
public final class SearchCoordination {

  private static final SearchCoordination SINGLE = new SearchCoordination(Communicators.single());

  private final Communicator communicator;

  private SearchCoordination(Communicator communicator) {
    this.communicator = communicator;
  }

  /** Coordination over {@code communicator}'s members. */
  public static SearchCoordination over(Communicator communicator) {
    Preconditions.checkNotNull(communicator, "communicator");
    return communicator.size() == 1 ? SINGLE : new SearchCoordination(communicator);
  }

  /** A single process: nothing to agree on. */
  public static SearchCoordination single() {
    return SINGLE;
  }

  /** Number of members. */
  public int members() {
    return communicator.size();
  }

  private boolean alone() {
    return communicator.size() == 1;
  }

  /** Each step's seconds, the maximum over the members. */
  public double[] slowestSteps(double[] localSeconds) {
    Preconditions.checkNotNull(localSeconds, "localSeconds");
    return alone() ? localSeconds.clone() : communicator.allReduce(localSeconds, ReduceOp.MAX);
  }

  /** Rank 0's {@code local} reading (a clock, a gauge), the same on every member. */
  public double rootValue(double local) {
    return rootValues(new double[] {local})[0];
  }

  /** Rank 0's {@code local} readings; every member passes as many. */
  public double[] rootValues(double[] local) {
    Preconditions.checkNotNull(local, "local");
    return alone() ? local.clone() : communicator.broadcast(local, 0);
  }

  /** The smallest member's {@code local} (e.g. the tightest memory ceiling). */
  public int smallest(int local) {
    return alone() ? local : (int) communicator.allReduce(local, ReduceOp.MIN);
  }

  /**
   * What failed where, agreed: whether any member ran out of memory and whether any failed
   * otherwise. Every member calls it at the same point, whether or not it failed itself.
   */
  public Failures failures(boolean outOfMemory, boolean otherFailure) {
    if (alone()) {
      return new Failures(outOfMemory, otherFailure);
    }
    double[] any =
        communicator.allReduce(
            new double[] {outOfMemory ? 1 : 0, otherFailure ? 1 : 0}, ReduceOp.MAX);
    return new Failures(any[0] > 0, any[1] > 0);
  }

  /** The agreed failures of one probe: out of memory on some member, other failure on some. */
  public record Failures(boolean outOfMemory, boolean other) {}
}
