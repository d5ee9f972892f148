package dev.hone.registry.common;

import jakarta.persistence.EntityManager;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Names that one row at a time may hold: a check before the insert refuses a name taken earlier, and this refuses
 * one that a create running at the same moment committed first (the database's unique index saw both), with the
 * same words instead of a fault.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    /**
     * Inserts the new row now, so that losing the name to a concurrent create is an {@link InvalidInputException}
     * saying {@code taken}.
     */
    public static void insert(EntityManager entities, Object row, String taken) {
        try {
            entities.persist(row);
            entities.flush();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConstraintViolationException violation
                        && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                    throw new InvalidInputException(taken);
                }
            }
            throw e;
        }
    }
}
