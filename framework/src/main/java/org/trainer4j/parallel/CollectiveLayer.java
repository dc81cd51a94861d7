package org.trainer4j.parallel;

/**
 * A layer whose training computation spans the members of a data-parallel job (such as synchronized
 * batch normalization). Updaters bind each replica's collective layers to that replica's
 * communicator for the duration of a training step, and unbind them afterwards, so that forward
 * passes outside a step (probes, evaluation, tests) never wait for other members.
 */
public interface CollectiveLayer {

  /** Synchronizes training passes through {@code communicator}; null to stop. */
  void setCommunicator(Communicator communicator);
}
