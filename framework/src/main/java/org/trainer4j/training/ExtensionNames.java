package org.trainer4j.training;

/** Default extension names for classes without a usable simple name. */
final class ExtensionNames {

  private ExtensionNames() {}

  /**
   * The simple name of {@code type}; for a lambda ({@code Outer$$Lambda$42/0x...}, whose suffix
   * changes from run to run) {@code Outer$lambda}; for an anonymous class {@code Outer$1}.
   */
  static String of(Class<?> type) {
    String binary = type.getName();
    String local = binary.substring(binary.lastIndexOf('.') + 1);
    int lambda = local.indexOf("$$Lambda");
    if (lambda >= 0) {
      return local.substring(0, lambda) + "$lambda";
    }
    if (type.isAnonymousClass()) {
      return local;
    }
    return type.getSimpleName();
  }
}
