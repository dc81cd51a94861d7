package org.trainer4j.training;

import com.google.common.base.Preconditions;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Factories for extensions made from lambdas, Chainer's {@code make_extension}. */
public final class Extensions {

  private Extensions() {}

  /** An extension named {@code name} that runs {@code action} (READER priority). */
  public static Extension of(String name, Consumer<Trainer> action) {
    return builder(name, action).build();
  }

  /**
   * Configures a lambda extension's defaults (trigger, priority, call before training) and optional
   * hooks (initializer, error handler), as Chainer's {@code make_extension}.
   */
  public static Builder builder(String name, Consumer<Trainer> action) {
    return new Builder(name, action);
  }

  /** Builds a lambda extension. */
  public static final class Builder {
    private final String name;
    private final Consumer<Trainer> action;
    private Supplier<Trigger> trigger = EveryIteration::new;
    private int priority = Priority.READER;
    private boolean beforeTraining;
    private Consumer<Trainer> initializer = t -> {};
    private BiConsumer<Trainer, Throwable> onError = (t, e) -> {};

    private Builder(String name, Consumer<Trainer> action) {
      Preconditions.checkNotNull(name, "name");
      Preconditions.checkNotNull(action, "action");
      this.name = name;
      this.action = action;
    }

    /** The default trigger; a supplier so that each registration gets its own instance. */
    public Builder trigger(Supplier<Trigger> trigger) {
      this.trigger = Preconditions.checkNotNull(trigger, "trigger");
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder callBeforeTraining(boolean beforeTraining) {
      this.beforeTraining = beforeTraining;
      return this;
    }

    /** Runs when training starts (Chainer's {@code initializer}). */
    public Builder initializer(Consumer<Trainer> initializer) {
      this.initializer = Preconditions.checkNotNull(initializer, "initializer");
      return this;
    }

    /** Runs when training throws (Chainer's {@code on_error}); must not throw itself. */
    public Builder onError(BiConsumer<Trainer, Throwable> onError) {
      this.onError = Preconditions.checkNotNull(onError, "onError");
      return this;
    }

    public Extension build() {
      String n = name;
      Consumer<Trainer> a = action;
      Supplier<Trigger> t = trigger;
      int p = priority;
      boolean b = beforeTraining;
      Consumer<Trainer> init = initializer;
      BiConsumer<Trainer, Throwable> err = onError;
      return new Extension() {
        @Override
        public void initialize(Trainer trainer) {
          init.accept(trainer);
        }

        @Override
        public void onError(Trainer trainer, Throwable error) {
          err.accept(trainer, error);
        }

        @Override
        public void call(Trainer trainer) {
          a.accept(trainer);
        }

        @Override
        public Trigger defaultTrigger() {
          return t.get();
        }

        @Override
        public int defaultPriority() {
          return p;
        }

        @Override
        public String defaultName() {
          return n;
        }

        @Override
        public boolean callBeforeTraining() {
          return b;
        }

        @Override
        public String toString() {
          return "Extension(" + n + ")";
        }
      };
    }
  }
}
