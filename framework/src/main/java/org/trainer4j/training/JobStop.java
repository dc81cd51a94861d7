package org.trainer4j.training;

import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.ReduceOp;

/**
 * Whether a trainer stops before its next iteration: for a request ({@link Trainer#requestStop}) or
 * its stop trigger. In one process that is the process's own answer; in a multi-process job every
 * rank stops once any rank would, so all of them stop after the same iteration. Without it a signal
 * that reached the ranks an iteration apart (mpirun and Slurm signal each process on its own), or a
 * stop trigger that read each rank's own clock ({@code TimeTrigger}), left one rank waiting in the
 * next step's collective for a rank that had stopped, until the watchdog ended the job without a
 * snapshot.
 */
final class JobStop {

  static final String OTHER_RANK = "a stop requested on another rank of the job";

  private JobStop() {}

  /**
   * True if {@code trainer} stops now. A request is checked first and, when there is one, the stop
   * trigger is not asked, so that a run resumed after the request asks it as often as an
   * uninterrupted one. A rank that stops for another rank's request records {@link #OTHER_RANK} as
   * its reason. In a multi-process job these are collectives (one, or two without a request): every
   * rank must call this at the same point of every iteration.
   */
  static boolean now(Communicator communicator, Trainer trainer, Trigger stopTrigger) {
    boolean own = trainer.stopRequest().isPresent();
    if (communicator.size() == 1) {
      return own || stopTrigger.test(trainer);
    }
    if (communicator.allReduce(own ? 1 : 0, ReduceOp.MAX) > 0) {
      if (!own) {
        trainer.requestStop(OTHER_RANK);
      }
      return true;
    }
    return communicator.allReduce(stopTrigger.test(trainer) ? 1 : 0, ReduceOp.MAX) > 0;
  }
}
