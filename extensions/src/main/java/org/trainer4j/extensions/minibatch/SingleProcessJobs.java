package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import org.trainer4j.training.Updater;

/**
 * The batch-size searches run in single-process jobs only. Each rank would time its probes on its
 * own clock and could settle on a different size, after which the ranks' collectives no longer
 * match; refusing is better than a job that diverges or hangs.
 */
final class SingleProcessJobs {

  private SingleProcessJobs() {}

  static void require(Updater updater, String search) {
    int processes = updater.communicator().size();
    Preconditions.checkState(
        processes == 1,
        "%s runs in single-process jobs only; this job has %s processes: set the batch size"
            + " instead",
        search,
        processes);
  }
}
