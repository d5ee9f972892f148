package dev.hone.registry.common;

/**
 * A write into a run, study or trial that has already ended, or that comes from an attempt which is
 * no longer the current one (a worker that outlived its server, a retried trial). Nothing was
 * written; the work it came from is to be dropped, not retried.
 */
public class EndedException extends RuntimeException {
    public EndedException(String message) {
        super(message);
    }
}
