package dev.hone.api.graphql;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.runtime.Limits;
import jakarta.enterprise.context.ApplicationScoped;

/** Page-argument checks shared by the list queries. */
@ApplicationScoped
public class Paging {

    private final Limits limits;

    public Paging(Limits limits) {
        this.limits = limits;
    }

    void check(int page, int size) {
        if (page < 0) {
            throw new InvalidInputError("'page' must be 0 or more; got " + page);
        }
        if (size < 1) {
            throw new InvalidInputError("'size' must be at least 1; got " + size);
        }
        if (size > limits.pageSize()) {
            throw InvalidInputError.overLimit("size", size, limits.pageSize(), Limits.PREFIX + "page-size");
        }
        // The database is asked for rows from page * size on, which must stay a 32-bit offset.
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new InvalidInputError("'page' " + page + " with 'size' " + size + " starts beyond the last "
                    + "possible row (page x size must be at most " + Integer.MAX_VALUE + ")");
        }
    }
}
