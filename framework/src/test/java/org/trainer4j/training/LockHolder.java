package org.trainer4j.training;

import java.nio.file.Path;

/** A child JVM that takes the lock of the directory args[0], says so, and holds it until killed. */
public final class LockHolder {

  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    OutputDirectoryLock lock = OutputDirectoryLock.acquire(Path.of(args[0]));
    System.out.println("locked " + lock.owner().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
