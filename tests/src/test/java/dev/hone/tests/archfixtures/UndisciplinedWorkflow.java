package dev.hone.tests.archfixtures;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Workflow code that breaks replay in every way the determinism rule bans, one per method; never
 * run, only read by ArchitectureTest to prove the rule catches each of them.
 */
@SuppressWarnings("unused")
public final class UndisciplinedWorkflow {

    private UndisciplinedWorkflow() {
    }

    static int newRandom() {
        return new Random().nextInt();
    }

    static int seededRandomIsStillNotWorkflowRandom() {
        return new Random(42).nextInt();
    }

    static int threadLocalRandom() {
        return ThreadLocalRandom.current().nextInt();
    }

    static byte[] secureRandom() throws NoSuchAlgorithmException {
        byte[] bytes = new byte[4];
        SecureRandom.getInstanceStrong().nextBytes(bytes);
        return bytes;
    }

    static double mathRandom() {
        return Math.random();
    }

    static long wallClock() {
        return System.currentTimeMillis();
    }

    static long monotonicClock() {
        return System.nanoTime();
    }

    static Instant now() {
        return Instant.now();
    }

    static Instant clock(Clock clock) {
        return clock.instant();
    }

    static Date date() {
        return new Date();
    }

    static UUID randomId() {
        return UUID.randomUUID();
    }

    static void sleep() throws InterruptedException {
        Thread.sleep(10);
    }

    static void newThread() {
        new Thread(() -> { }).start();
    }

    static String currentThread() {
        return Thread.currentThread().getName();
    }

    static CompletableFuture<String> asyncOutsideTheWorkflow() {
        return CompletableFuture.supplyAsync(() -> "x");
    }
}
