package dev.hone.registry.common;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/**
 * A write into a run, study or trial that has already ended, or that comes from an attempt which is
 * no longer the current one (a worker that outlived its server, a retried trial). Nothing was
 * written; the work it came from is to be dropped, not retried ({@link ErrorCode#ENDED}).
 */
public class EndedException extends HoneException {
    public EndedException(String message) {
        super(ErrorCode.ENDED, message);
    }
}
