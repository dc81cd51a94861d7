package org.trainer4j.samples.cli;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * One named window of the {@code monitor} command's {@code --phases} schedule, such as {@code
 * busy:5}: the command samples each window separately so that the figures of a load made by another
 * program (a GPU job following the same schedule) can be read phase by phase.
 */
record MonitorPhase(String name, double seconds) {

  MonitorPhase {
    Preconditions.checkArgument(
        name != null && name.matches("[A-Za-z0-9_-]+"),
        "phase name must be letters, digits, '_' or '-': '%s'",
        name);
    Preconditions.checkArgument(
        seconds > 0 && seconds <= MonitorCommand.MAX_SECONDS,
        "phase '%s' must last a positive number of seconds, at most %s: %s",
        name,
        MonitorCommand.MAX_SECONDS,
        seconds);
  }

  /** Parses {@code NAME:SECONDS}, naming the bad part in the error. */
  static MonitorPhase parse(String spec) {
    int colon = spec.lastIndexOf(':');
    Preconditions.checkArgument(
        colon > 0 && colon < spec.length() - 1, "phase '%s' is not NAME:SECONDS", spec);
    double seconds;
    try {
      seconds = Double.parseDouble(spec.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("phase '" + spec + "' has no number of seconds", e);
    }
    return new MonitorPhase(spec.substring(0, colon), seconds);
  }

  static List<MonitorPhase> parseAll(List<String> specs) {
    List<MonitorPhase> phases = new ArrayList<>();
    for (String spec : specs) {
      phases.add(parse(spec.trim()));
    }
    return List.copyOf(phases);
  }

  long nanos() {
    return (long) (seconds * 1e9);
  }
}
