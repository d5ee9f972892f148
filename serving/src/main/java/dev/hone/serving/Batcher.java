package dev.hone.serving;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Dynamic batching without a thread of its own: concurrent requests for one model are answered by
 * one forward pass over their rows together. The first request to arrive while no batch is being
 * computed leads: it waits up to {@code maxWait} for more rows (not at all by default, so a lone
 * request is never delayed), takes the queued requests up to {@code maxRows} rows, computes them
 * and hands each its answer; requests that arrived meanwhile are led by the oldest of them, in its
 * own thread. A request of {@code maxRows} rows or more is computed alone.
 */
final class Batcher {

    /** Completes a waiting request's future to make it the next leader. */
    private static final Object LEAD = new Object();

    private final int maxRows;
    private final long maxWaitNanos;
    private final UnaryOperator<float[][]> forward;
    private final BiConsumer<Integer, Integer> onBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedRows;
    private boolean leading;

    private record Pending(float[][] rows, CompletableFuture<Object> answer) {
    }

    /**
     * @param forward the model's outputs for rows (safe to call from any thread)
     * @param onBatch told (rows, requests) of every forward pass it makes
     */
    Batcher(int maxRows, long maxWaitNanos, UnaryOperator<float[][]> forward, BiConsumer<Integer, Integer> onBatch) {
        this.maxRows = maxRows;
        this.maxWaitNanos = maxWaitNanos;
        this.forward = forward;
        this.onBatch = onBatch;
    }

    float[][] predict(float[][] rows) {
        if (rows.length >= maxRows) {
            onBatch.accept(rows.length, 1);
            return forward.apply(rows);
        }
        Pending mine = new Pending(rows, new CompletableFuture<>());
        boolean lead;
        lock.lock();
        try {
            queue.add(mine);
            queuedRows += rows.length;
            lead = !leading;
            leading = true;
            arrived.signal();
        } finally {
            lock.unlock();
        }
        if (lead) {
            return lead(mine);
        }
        Object answer;
        try {
            answer = mine.answer().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return answer == LEAD ? lead(mine) : (float[][]) answer;
    }

    /**
     * Computes one batch from the head of the queue, where {@code mine} is, then passes the lead on
     * (or gives it up); returns {@code mine}'s answer.
     */
    private float[][] lead(Pending mine) {
        List<Pending> batch = new ArrayList<>();
        int rows = 0;
        lock.lock();
        try {
            if (maxWaitNanos > 0) {
                long left = maxWaitNanos;
                while (queuedRows < maxRows && left > 0) {
                    left = arrived.awaitNanos(left);
                }
            }
            while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().rows().length <= maxRows)) {
                Pending p = queue.poll();
                batch.add(p);
                rows += p.rows().length;
            }
            queuedRows -= rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        try {
            return compute(batch, rows, mine);
        } finally {
            lock.lock();
            try {
                if (queue.isEmpty()) {
                    leading = false;
                } else {
                    queue.peek().answer().complete(LEAD);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private float[][] compute(List<Pending> batch, int rows, Pending mine) {
        float[][] answer = null;
        try {
            float[][] x;
            if (batch.size() == 1) {
                x = batch.get(0).rows();
            } else {
                x = new float[rows][];
                int at = 0;
                for (Pending p : batch) {
                    System.arraycopy(p.rows(), 0, x, at, p.rows().length);
                    at += p.rows().length;
                }
            }
            onBatch.accept(rows, batch.size());
            float[][] out = forward.apply(x);
            int at = 0;
            for (Pending p : batch) {
                float[][] part = new float[p.rows().length][];
                System.arraycopy(out, at, part, 0, part.length);
                at += part.length;
                if (p == mine) {
                    answer = part;
                } else {
                    p.answer().complete(part);
                }
            }
            return answer;
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                if (p != mine) {
                    p.answer().completeExceptionally(e);
                }
            }
            throw e;
        }
    }

    /** For tests: requests waiting now. */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
