package org.trainer4j.samples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.extensions.minibatch.goodput.NoiseGeometry;
import org.trainer4j.samples.cli.TrainCommand.Tune;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The checks of {@code train}'s options made before any data is read, apart from the command so
 * that it keeps to the training. A value out of range or a contradiction is a usage error (exit 2)
 * naming the option; an option that another one makes pointless is ignored with a warning line on
 * standard error rather than refused, because recorded commands pass such options (docs/results.md
 * gives the previous default as {@code --tune THROUGHPUT --lr-scaling none --goodput-every 0}).
 */
final class TrainOptionChecks {

  private TrainOptionChecks() {}

  /** Refuses what {@code train} cannot run and warns of given options it would ignore. */
  static void check(TrainCommand train) {
    CommandSpec spec = train.spec;
    OptionChecks.atLeast(spec, "--epochs", train.epochs, 1);
    OptionChecks.atLeast(spec, "--batch-size", train.batchSize, 1);
    OptionChecks.positive(spec, "--tune-budget", train.tuneBudget);
    OptionChecks.positive(spec, "--lr", train.lr);
    if (!(train.lrDecay > 0 && train.lrDecay <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--lr-decay must be in (0, 1], got " + train.lrDecay);
    }
    if (train.lrScaling == LrRule.ADASCALE && train.tune != Tune.GOODPUT) {
      throw new ParameterException(
          spec.commandLine(), "--lr-scaling adascale needs --tune GOODPUT (gradient statistics)");
    }
    if (train.goodputEvery < 0) {
      throw new ParameterException(spec.commandLine(), "--goodput-every must not be negative");
    }
    if (train.exploreInTraining && train.tune == Tune.GOODPUT && train.goodputEvery == 0) {
      throw new ParameterException(
          spec.commandLine(), "--explore-in-training needs --goodput-every above 0 (adaptive)");
    }
    if (train.criticalBatchFactor != null) {
      OptionChecks.positive(spec, "--critical-batch-factor", train.criticalBatchFactor);
    }
    if (train.maxShift < 0) {
      throw new ParameterException(spec.commandLine(), "--max-shift must not be negative");
    }
    OptionChecks.belowOne(spec, "--dropout", train.dropout);
    if (train.tune != Tune.GOODPUT) {
      warnIfGiven(
          spec, "--goodput-every", "it applies only with --tune GOODPUT, not " + train.tune);
      warnIfGiven(
          spec, "--noise-geometry", "it applies only with --tune GOODPUT, not " + train.tune);
      warnIfGiven(
          spec, "--explore-in-training", "it applies only with --tune GOODPUT, not " + train.tune);
      warnIfGiven(
          spec,
          "--critical-batch-factor",
          "it applies only with --tune GOODPUT, not " + train.tune);
    }
    if (!train.augment) {
      warnIfGiven(spec, "--max-shift", "it applies only with --augment");
    }
  }

  /** {@code name} as an {@link LrRule} in any case, or a usage error listing the rules. */
  static LrRule lrRule(CommandSpec spec, String name) {
    try {
      return LrRule.parse(name);
    } catch (IllegalArgumentException e) {
      String rules =
          Arrays.stream(LrRule.values())
              .map(r -> r.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      throw new ParameterException(
          spec.commandLine(), "--lr-scaling: '" + name + "' is not one of " + rules);
    }
  }

  /** A silently ignored option once left users believing it had taken effect. */
  private static void warnIfGiven(CommandSpec spec, String option, String why) {
    if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("warning: " + option + " is ignored: " + why);
      err.flush();
    }
  }

  /** Accepts {@code raw} and {@code optimizer} in any case. */
  static final class NoiseGeometryConverter implements ITypeConverter<NoiseGeometry> {
    @Override
    public NoiseGeometry convert(String value) {
      try {
        return NoiseGeometry.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected raw or optimizer, got '" + value + "'");
      }
    }
  }
}
