package dev.hone.ml.model;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * DJL's PyTorch engine allows only one {@code GradientCollector} per JVM at a time (a static
 * flag), and the engine's random seed is global too. Everything that collects gradients
 * (training, fine-tuning, gradient-based explanations and attacks) holds this lock meanwhile, so
 * such work runs one at a time per JVM and waits instead of failing.
 */
public final class GradientLock {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientLock() {}

    /** A held lock; closing it releases the lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for the lock.
     *
     * @throws CancellationException if the thread is interrupted while waiting
     */
    public static Held acquire() {
        try {
            LOCK.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting to train");
        }
        return LOCK::unlock;
    }
}
