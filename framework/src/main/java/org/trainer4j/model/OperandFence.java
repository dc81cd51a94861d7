package org.trainer4j.model;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every operand of an ND4J operation reachable until the operation returns.
 *
 * <p>ND4J 1.0.0-M2.1 frees an array's native buffer from a deallocator thread once the garbage
 * collector finds the array unreachable. Its executioner takes the operands' native handles and
 * then, in compiled code, holds no reference to the arrays themselves while the native call runs; a
 * collection during the call can then free a buffer that the call is still reading. Temporaries are
 * the arrays nothing else refers to, and BatchNormalization's broadcasts are made of them: plain
 * DL4J (a BN MLP, no trainer4j code) died of a SIGSEGV in {@code sd::DataBuffer::primary} or {@code
 * sd::TadDescriptor} within seconds when collections were made frequent (a 1 MB young generation),
 * and so did this project's tests and benchmarks, rarely, at the default heap.
 *
 * <p>The fence puts a proxy in front of ND4J's executioner that hands each call to it and keeps the
 * call's arguments (the operation, its context, hence their arrays) reachable until it returns.
 * {@link NetworkModel} installs it; {@code -Dtrainer4j.operandFence=false} leaves ND4J's
 * executioner as it is.
 */
public final class OperandFence implements InvocationHandler {

  private static final Logger log = LoggerFactory.getLogger(OperandFence.class);

  /** The system property that turns the fence off when set to {@code false}. */
  public static final String PROPERTY = "trainer4j.operandFence";

  private final OpExecutioner delegate;

  private OperandFence(OpExecutioner delegate) {
    this.delegate = delegate;
  }

  /**
   * Puts the fence in front of ND4J's executioner unless it is there already or {@link #PROPERTY}
   * is {@code false}; returns whether the executioner is fenced afterwards.
   */
  public static synchronized boolean install() {
    OpExecutioner current = Nd4j.getExecutioner();
    if (isFenced(current)) {
      return true;
    }
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return false;
    }
    OpExecutioner fenced =
        (OpExecutioner)
            Proxy.newProxyInstance(
                OpExecutioner.class.getClassLoader(),
                new Class<?>[] {OpExecutioner.class},
                new OperandFence(current));
    try {
      Field instance = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
      instance.setAccessible(true);
      instance.set(null, fenced);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Another ND4J version may keep its executioner elsewhere; training still works unfenced.
      log.warn("could not fence ND4J's executioner ({}); operands stay unfenced", e.toString());
      return false;
    }
  }

  /** Whether ND4J's executioner is fenced now. */
  public static boolean installed() {
    return isFenced(Nd4j.getExecutioner());
  }

  private static boolean isFenced(OpExecutioner executioner) {
    return Proxy.isProxyClass(executioner.getClass())
        && Proxy.getInvocationHandler(executioner) instanceof OperandFence;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      Reference.reachabilityFence(args);
    }
  }
}
