package dev.hone.api.graphql;

import dev.hone.api.error.InvalidInputError;

/** Page-argument checks shared by the list queries. */
final class Paging {
    static final int MAX_SIZE = 100;

    private Paging() {
    }

    static void check(int page, int size) {
        if (page < 0) {
            throw new InvalidInputError("'page' must be 0 or more; got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputError("'size' must be between 1 and " + MAX_SIZE + "; got " + size);
        }
    }
}
