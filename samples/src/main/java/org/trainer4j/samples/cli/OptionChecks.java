package org.trainer4j.samples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of options made before any data is read: a value out of range is a usage error (exit 2)
 * naming the option, not a failure deep in the run naming a constructor's argument ({@code --epochs
 * 0} once ended as "period must be positive: 0.0" after loading the dataset, and an {@code --out}
 * that was a file failed only when the first result was written, after the benchmark's work).
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

  /** {@code value <= max} (so not NaN), or a usage error naming {@code option}. */
  static void atMost(CommandSpec spec, String option, double value, long max) {
    if (!(value <= max)) {
      throw new ParameterException(
          spec.commandLine(), String.format("%s must be at most %d, got %s", option, max, value));
    }
  }

  /** Every one of {@code values} {@code >= min}, or a usage error naming {@code option}. */
  static void eachAtLeast(CommandSpec spec, String option, Collection<Integer> values, long min) {
    if (values.isEmpty()) {
      throw new ParameterException(spec.commandLine(), option + " needs at least one value");
    }
    for (int value : values) {
      if (value < min) {
        throw new ParameterException(
            spec.commandLine(),
            String.format("%s must be at least %d each, got %d in %s", option, min, value, values));
      }
    }
  }

  /** A finite {@code value > 0}, or a usage error naming {@code option}. */
  static void positive(CommandSpec spec, String option, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a positive number, got " + value);
    }
  }

  /** A {@code value} in {@code [0, 1)} (a dropout rate), or a usage error naming {@code option}. */
  static void belowOne(CommandSpec spec, String option, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new ParameterException(spec.commandLine(), option + " must be in [0, 1), got " + value);
    }
  }

  /** A finite {@code value >= 0}, or a usage error naming {@code option}. */
  static void notNegative(CommandSpec spec, String option, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a number at least 0, got " + value);
    }
  }

  /**
   * At least one name, each one of {@code valid} (ignoring case if {@code ignoreCase}), or a usage
   * error naming {@code option} and listing the valid names.
   */
  static void namesFrom(
      CommandSpec spec,
      String option,
      Collection<String> names,
      List<String> valid,
      boolean ignoreCase) {
    String use = "; use " + String.join(", ", valid);
    if (names.isEmpty()) {
      throw new ParameterException(spec.commandLine(), option + " needs at least one name" + use);
    }
    for (String name : names) {
      String key = ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
      if (!valid.contains(key)) {
        throw new ParameterException(
            spec.commandLine(),
            option + ": " + (name.isEmpty() ? "an empty name" : "unknown '" + name + "'") + use);
      }
    }
  }

  /**
   * Creates {@code dir} if missing, or a usage error naming {@code option} when it is a file,
   * cannot be created or is not writable. The commands would create it anyway, only later: after
   * minutes of training or benchmarking whose results then had nowhere to go.
   */
  static void outputDirectory(CommandSpec spec, String option, Path dir) {
    String named = option + " " + dir;
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), named + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw new ParameterException(spec.commandLine(), named + " cannot be created: " + reason(e));
    }
    if (!Files.isWritable(dir)) {
      throw new ParameterException(spec.commandLine(), named + " is not writable");
    }
  }

  /** Why a directory could not be created; some exceptions carry only the path. */
  private static String reason(Exception e) {
    if (e instanceof FileSystemException f && f.getReason() == null) {
      String why =
          e instanceof NoSuchFileException
              ? "no such file or directory"
              : e instanceof AccessDeniedException ? "permission denied" : "a file is in the way";
      return f.getFile() + ": " + why;
    }
    return e.getMessage();
  }
}
