package org.trainer4j.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What the loggers of some classes log during each test, for tests that specify a warning or a
 * note. Register it as a field, and each test starts with an empty capture:
 *
 * <pre>{@code
 * @RegisterExtension final LogCapture logs = LogCapture.of(EarlyStoppingTrigger.class);
 * }</pre>
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

  private final List<Logger> loggers;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(List<Logger> loggers) {
    this.loggers = loggers;
  }

  /** Captures the loggers named after {@code sources} (logback's, as the tests run with). */
  public static LogCapture of(Class<?>... sources) {
    Preconditions.checkArgument(
        sources.length > 0, "name at least one class to capture the log of");
    return new LogCapture(
        Arrays.stream(sources).map(c -> (Logger) LoggerFactory.getLogger(c)).toList());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.list.clear();
    appender.start();
    loggers.forEach(l -> l.addAppender(appender));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    loggers.forEach(l -> l.detachAppender(appender));
    appender.stop();
  }

  /** The events logged so far in this test, in order. */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The messages logged so far in this test, formatted, in order. */
  public List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
