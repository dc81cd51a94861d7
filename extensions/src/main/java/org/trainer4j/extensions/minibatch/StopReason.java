package org.trainer4j.extensions.minibatch;

/** Why a minibatch-size search ended. */
public enum StopReason {
  /** The strategy's convergence rule held. */
  CONVERGED,
  /** The strategy ran its maximum number of loops. */
  MAX_LOOPS,
  /** Further sizes were not worth measuring: the gains fell below the measured noise. */
  NO_FURTHER_GAIN,
  /** The probing budget (seconds or fraction of an epoch) ran out. */
  BUDGET,
  /** Utilization stayed below the target while the size grew: the target cannot be reached. */
  TARGET_UNREACHABLE,
  /** The device monitor stopped answering, so utilization could not be measured. */
  MONITOR_LOST,
  /** The search threw, or ended without a single feasible measurement. */
  FAILED
}
