package org.trainer4j.samples.cli;

import java.util.List;
import java.util.Locale;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Learning-rate rules named on a command line, each checked against the rules it may take. */
final class LrRuleOptions {

  private LrRuleOptions() {}

  /**
   * {@code value} as one of the {@code accepted} rules, in any case, or a usage error naming {@code
   * option} and listing only those ({@link LrRule#parse} lists all four, adascale included).
   */
  static LrRule one(CommandSpec spec, String option, String value, List<LrRule> accepted) {
    for (LrRule rule : accepted) {
      if (rule.name().equalsIgnoreCase(value)) {
        return rule;
      }
    }
    String use =
        "use "
            + String.join(
                ", ", accepted.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
    if (LrRule.ADASCALE.name().equalsIgnoreCase(value)) {
      throw new ParameterException(
          spec.commandLine(),
          option + " adascale needs gradient statistics; only goodput has them; " + use);
    }
    throw new ParameterException(
        spec.commandLine(), option + ": unknown rule '" + value + "'; " + use);
  }

  /** The rules {@code values} names (none when the option was not given), each one accepted. */
  static List<LrRule> each(
      CommandSpec spec, String option, List<String> values, List<LrRule> accepted) {
    return values == null
        ? List.of()
        : values.stream().map(r -> one(spec, option, r, accepted)).toList();
  }
}
