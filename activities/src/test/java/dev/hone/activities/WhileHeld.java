package dev.hone.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Changes at the same moment on the real database: one transaction does its work and stays open while others
 * start, each on its own thread (the common pool may have only one), so that they meet what it holds.
 */
public final class WhileHeld {

    private WhileHeld() {
    }

    /**
     * Runs {@code first} in a new transaction, then starts each of {@code waiting} while that transaction is still
     * open; checks that each waits for it (half a second), commits it and returns the others' outcomes once all
     * have ended.
     */
    public static List<Future<?>> run(Runnable first, Runnable... waiting) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        List<Future<?>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            Future<?> holder = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                first.run();
                done.countDown();
                try {
                    commit.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            if (!done.await(30, TimeUnit.SECONDS)) {
                holder.get(1, TimeUnit.SECONDS); // its failure, if that is why
                throw new AssertionError("the first transaction did not do its work in 30 s");
            }
            try {
                for (Runnable w : waiting) {
                    outcomes.add(threads.submit(w));
                }
                Thread.sleep(500);
                for (Future<?> f : outcomes) {
                    assertThat(f).as("waits for the open transaction").isNotDone();
                }
            } finally {
                commit.countDown(); // also when a check fails: closing the threads waits for the holder
            }
            holder.get(30, TimeUnit.SECONDS);
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("the waiting changes ended").isTrue();
        }
        return outcomes;
    }
}
