package dev.hone.registry.artifact;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;

/**
 * The artifact table, written in the caller's transaction. A commit inside a transaction that then
 * rolls back takes its content out again, so a refused or failed write leaves neither a row nor
 * content.
 */
@ApplicationScoped
class DatabaseArtifactCatalog implements ArtifactCatalog {

    private final ArtifactRepository artifacts;
    private final TransactionSynchronizationRegistry transactions;

    DatabaseArtifactCatalog(ArtifactRepository artifacts, TransactionSynchronizationRegistry transactions) {
        this.artifacts = artifacts;
        this.transactions = transactions;
    }

    @Override
    public void record(String sha, long sizeBytes, String mediaType, boolean created, Runnable takeBack) {
        boolean inTransaction = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        if (created && inTransaction) {
            // The caller's transaction may still fail after this (its own rows, the commit itself).
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        forgetIfUnrecorded(sha, takeBack);
                    }
                }
            });
        }
        try {
            // Joins the caller's transaction when there is one (commit is also reached by self-invocation).
            QuarkusTransaction.joiningExisting().run(() -> insert(sha, sizeBytes, mediaType));
        } catch (RuntimeException e) {
            if (created && !inTransaction) {
                forgetIfUnrecorded(sha, takeBack);
            }
            throw e;
        }
    }

    private void insert(String sha, long size, String mediaType) {
        if (artifacts.findById(sha) == null) {
            Artifact row = new Artifact();
            row.sha256 = sha;
            row.sizeBytes = size;
            row.mediaType = mediaType;
            row.createdAt = Instant.now();
            artifacts.persist(row);
        }
    }

    /**
     * Takes out content a store put in place when the row that records it was not written. Another
     * writer of identical content may have recorded it meanwhile; then the content stays.
     */
    private void forgetIfUnrecorded(String sha, Runnable takeBack) {
        try {
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> artifacts.findById(sha) != null);
            if (!recorded) {
                takeBack.run();
                Log.infof("Took artifact %s back out of the store: its write did not complete", sha);
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "Could not take back artifact %s after a failed write; it is unreferenced", sha);
        }
    }
}
