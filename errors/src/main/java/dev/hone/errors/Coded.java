package dev.hone.errors;

/**
 * A failure that carries its {@link ErrorCode}. Exceptions that must keep a JDK superclass (an
 * {@code IllegalArgumentException}, an {@code UncheckedIOException}) implement it; the others extend
 * {@link HoneException}. Activities turn it into an {@code ApplicationFailure} of the code's name, the
 * API into the code's status and {@code extensions.code}.
 */
public interface Coded {

    ErrorCode code();
}
