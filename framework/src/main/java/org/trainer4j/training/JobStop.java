package org.trainer4j.training;

import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.ReduceOp;

/**
 * When a trainer stops for a request ({@link Trainer#requestStop}): at once in one process; in a
 * multi-process job once any rank asks. Every rank asks once per iteration, so all of them stop
 * after the same one. Without it a signal that reached the ranks an iteration apart (mpirun and
 * Slurm signal each process on its own) left one rank waiting in the next step's collective for a
 * rank that had stopped, until the watchdog ended the job without a snapshot.
 */
final class JobStop {

  static final String OTHER_RANK = "a stop requested on another rank of the job";

  private JobStop() {}

  /**
   * True if {@code trainer} should stop before its next iteration; a rank that stops for another
   * rank's request records {@link #OTHER_RANK} as its reason. A collective in a multi-process job:
   * every rank must call it at the same point of every iteration.
   */
  static boolean agreed(Communicator communicator, Trainer trainer) {
    boolean own = trainer.stopRequest().isPresent();
    if (communicator.size() == 1) {
      return own;
    }
    boolean any = communicator.allReduce(own ? 1 : 0, ReduceOp.MAX) > 0;
    if (any && !own) {
      trainer.requestStop(OTHER_RANK);
    }
    return any;
  }
}
