package org.trainer4j.training;

import com.google.common.base.Preconditions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT (what Kubernetes, Slurm and Ctrl-C send before killing a job) into a
 * {@link Trainer#requestStop stop request}: the trainer finishes the iteration in progress, a
 * snapshot extension writes a snapshot, and the run ends; the program should then exit with {@link
 * #EXIT_PREEMPTED}. A second signal ends the process at once ({@code halt(128 + signal)}), for a
 * user who does not want to wait.
 *
 * <p>Signal handlers are process-wide by nature, so this is the one place that changes them: {@link
 * #install} replaces the handlers of TERM and INT and {@link #close} puts the previous ones back.
 * It uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported and present in every
 * OpenJDK build, needing no flags) through reflection, so that no compile-time dependency on an
 * unsupported API exists; where it is missing, a warning says that signals end the JVM as usual.
 */
public final class PreemptionSignals implements AutoCloseable {

  /**
   * The exit code of a run that stopped on a signal after writing its snapshot: 75, {@code
   * EX_TEMPFAIL} of sysexits.h ("temporary failure, try again"), distinct from 0 (done), 1 (error),
   * 2 (usage) and 128 + n (killed by signal n).
   */
  public static final int EXIT_PREEMPTED = 75;

  private static final Logger log = LoggerFactory.getLogger(PreemptionSignals.class);
  private static final List<String> SIGNALS = List.of("TERM", "INT");

  private final Trainer trainer;
  private final IntConsumer halt;
  private final AtomicInteger received = new AtomicInteger();
  private final List<Object[]> previous = new ArrayList<>(); // {Signal, SignalHandler}

  PreemptionSignals(Trainer trainer, IntConsumer halt) {
    this.trainer = Preconditions.checkNotNull(trainer, "trainer");
    this.halt = Preconditions.checkNotNull(halt, "halt");
  }

  /** Installs the handlers for {@code trainer} until {@link #close}. */
  public static PreemptionSignals install(Trainer trainer) {
    PreemptionSignals signals =
        new PreemptionSignals(trainer, code -> Runtime.getRuntime().halt(code));
    signals.installHandlers();
    return signals;
  }

  /** How many signals arrived. */
  public int received() {
    return received.get();
  }

  /**
   * Handles signal {@code name} (number {@code number}): a stop request the first time, an
   * immediate halt the second. Runs on the JVM's signal thread, so it only sets a flag.
   */
  void onSignal(String name, int number) {
    if (received.incrementAndGet() == 1) {
      log.warn(
          "SIG{}: finishing this iteration, then writing a snapshot and exiting with code {};"
              + " send it again to exit at once",
          name,
          EXIT_PREEMPTED);
      trainer.requestStop("SIG" + name);
    } else {
      log.warn("SIG{} again: exiting at once with code {}", name, 128 + number);
      halt.accept(128 + number);
    }
  }

  private void installHandlers() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Constructor<?> newSignal = signalClass.getConstructor(String.class);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Method getName = signalClass.getMethod("getName");
      Method getNumber = signalClass.getMethod("getNumber");
      Object handler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal((String) getName.invoke(args[0]), (int) getNumber.invoke(args[0]));
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "PreemptionSignals handler";
                  });
      for (String name : SIGNALS) {
        Object signal = newSignal.newInstance(name);
        try {
          previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
        } catch (InvocationTargetException e) {
          // e.g. -Xrs, or a signal the VM reserves: keep the other one
          log.warn("cannot handle SIG{}: {}", name, e.getCause().toString());
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("signal handling unavailable ({}); SIGTERM will end the JVM at once", e.toString());
    }
  }

  /** Puts the previous handlers back. */
  @Override
  public void close() {
    for (Object[] entry : previous) {
      try {
        Class<?> signalClass = entry[0].getClass();
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, entry[0], entry[1]);
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn("could not restore the handler of {}: {}", entry[0], e.toString());
      }
    }
    previous.clear();
  }
}
