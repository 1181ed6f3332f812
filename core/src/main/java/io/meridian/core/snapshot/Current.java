package io.meridian.core.snapshot;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The one published value of an immutable view (a {@link Snapshot}). Readers take it once per query
 * and use that value throughout, so a query never sees half of two versions.
 */
public final class Current<T> {

  private final AtomicReference<T> value;
  private final java.util.List<java.util.function.Consumer<T>> subscribers =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public Current(T initial) {
    value = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  public T get() {
    return value.get();
  }

  public void publish(T next) {
    value.set(requireNonNull(next, "next"));
    subscribers.forEach(s -> s.accept(next));
  }

  /** Calls {@code subscriber} after every later publish, on the publishing thread. */
  public void subscribe(java.util.function.Consumer<T> subscriber) {
    subscribers.add(requireNonNull(subscriber, "subscriber"));
  }
}
