package org.trainer4j.training.triggers;

/** What a trigger period counts. */
public enum Unit {
  EPOCH,
  ITERATION
}
