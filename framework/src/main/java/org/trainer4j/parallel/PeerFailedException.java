package org.trainer4j.parallel;

/**
 * A step that every member of a job runs together failed on other members, not on this one: each
 * member fails the same step (none is left waiting in a collective), and the member that failed
 * throws its own exception instead of this one.
 */
public final class PeerFailedException extends RuntimeException {

  private final int failedMembers;

  public PeerFailedException(int failedMembers, String what) {
    super(String.format("%s failed on %d other member(s) of the job", what, failedMembers));
    this.failedMembers = failedMembers;
  }

  /** How many members failed. */
  public int failedMembers() {
    return failedMembers;
  }
}
