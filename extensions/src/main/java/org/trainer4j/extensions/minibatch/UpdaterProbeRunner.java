package org.trainer4j.extensions.minibatch;

import com.google.common.base.Preconditions;
import com.google.common.base.Ticker;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainer4j.iterators.BatchIterator;
import org.trainer4j.training.Updater;

/**
 * Probes by running the updater's own training steps, so the timing includes everything a real step
 * does: fetching the batch from the main iterator (data loading), forward, backward and the
 * optimizer update. The caller is responsible for pointing the optimizer at a model copy and for
 * restoring the iterator and updater afterwards.
 */
public final class UpdaterProbeRunner implements ProbeRunner {

  private static final Logger log = LoggerFactory.getLogger(UpdaterProbeRunner.class);

  private final Updater updater;
  private final Ticker ticker;

  public UpdaterProbeRunner(Updater updater, Ticker ticker) {
    this.updater = Preconditions.checkNotNull(updater, "updater");
    this.ticker = Preconditions.checkNotNull(ticker, "ticker");
  }

  @Override
  public double[] run(int batchSize, int steps) {
    Preconditions.checkArgument(batchSize > 0, "batchSize must be positive: %s", batchSize);
    Preconditions.checkArgument(steps > 0, "steps must be positive: %s", steps);
    BatchIterator iterator = updater.getIterator();
    iterator.setBatchSize(batchSize);
    double[] seconds = new double[steps];
    for (int i = 0; i < steps; i++) {
      if (!iterator.hasNext()) {
        // A non-repeating iterator ran out during probing; its state is restored afterwards.
        iterator.reset();
      }
      long start = ticker.read();
      updater.update();
      seconds[i] = (ticker.read() - start) / 1e9;
    }
    return seconds;
  }

  @Override
  public void recoverFromOutOfMemory() {
    try {
      // Workspaces sized for the failed batch would keep the memory the next probe needs.
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    } catch (RuntimeException e) {
      log.debug("could not release workspaces after an out-of-memory probe: {}", e.toString());
    }
  }
}
