package org.trainer4j.samples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of numeric options, made before any data is read: a value out of range is a usage
 * error (exit 2) naming the option, not a failure deep in the run naming a constructor's argument
 * ({@code --epochs 0} once ended as "period must be positive: 0.0" after loading the dataset).
 */
final class OptionChecks {

  private OptionChecks() {}

  /** {@code value >= min}, or a usage error naming {@code option}. */
  static void atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(), String.format("%s must be at least %d, got %d", option, min, value));
    }
  }

  /** A finite {@code value > 0}, or a usage error naming {@code option}. */
  static void positive(CommandSpec spec, String option, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a positive number, got " + value);
    }
  }

  /** A finite {@code value >= 0}, or a usage error naming {@code option}. */
  static void notNegative(CommandSpec spec, String option, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a number at least 0, got " + value);
    }
  }
}
