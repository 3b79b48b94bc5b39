package dev.passgate.account;

import java.util.Optional;

/** What a change did: its result, or the reason it did not happen (exactly one of the two). */
public record Outcome<T, R>(Optional<T> value, Optional<R> refusal) {

    public static <T, R> Outcome<T, R> ok(T value) {
        return new Outcome<>(Optional.of(value), Optional.empty());
    }

    public static <T, R> Outcome<T, R> refused(R refusal) {
        return new Outcome<>(Optional.empty(), Optional.of(refusal));
    }
}
