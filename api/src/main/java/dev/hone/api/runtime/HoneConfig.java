package dev.hone.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How this process runs. The defaults give the embedded mode: everything in one process. */
@ConfigMapping(prefix = "hone.runtime")
public interface HoneConfig {

    /** Process roles (ARCHITECTURE.md section 4). */
    enum Mode {
        /** API, console, in-process workflow service, all workers, an embedded PostgreSQL, local users. */
        EMBEDDED,
        /** API, console, serving and the control worker, against an external workflow service. */
        SERVER,
        /** Activity workers only. */
        WORKER
    }

    @WithDefault("embedded")
    Mode mode();

    /** Upload the bundled sample data set, run a pipeline on it and print the result. */
    @WithDefault("false")
    boolean demo();

    /**
     * Embedded mode: whether this process also runs the compute workers (mlops-cpu, mlops-gpu).
     * Set false when worker processes on this machine do the compute: they join the embedded
     * workflow service on 127.0.0.1 and share the database and artifact directory.
     */
    @WithDefault("true")
    boolean localCompute();

    /**
     * Threads the training engine (PyTorch) uses inside one operation. One suits the small dense
     * models Hone trains and leaves the other cores to other worker processes: on a shared 2-core
     * machine two threads per process made epochs erratic and slower (docs/benchmarks.md). Raise it
     * for wide layers on a machine with one worker process.
     */
    @WithDefault("1")
    int torchThreads();

    /**
     * Whether a process that polls a compute queue trains a small generated model in the background when its
     * workers start, so that loading libtorch and compiling the trainer's path do not fall on the first run.
     */
    @WithDefault("true")
    boolean trainingWarmup();

    /**
     * Whether an embedded process runs a few bookkeeping steps through its workflow service when its workers
     * start ({@code WarmupWorkflow}), so that the first run does not pay for loading and compiling that path.
     */
    @WithDefault("true")
    boolean workflowWarmup();

    /** Task queues this process polls in worker mode, e.g. mlops-cpu; each must be one a stage polls. */
    @WithDefault("mlops-cpu")
    List<String> workerQueues();

    /**
     * Worker mode: poll {@code mlops-gpu} although no GPU is visible to the engine; the work then runs
     * on the CPU. For trying GPU routing without a GPU (tests, a trial setup); a GPU worker without it
     * refuses to start when it finds no GPU.
     */
    @WithDefault("false")
    boolean fakeGpu();

    /** Workflow service (Temporal) connection. */
    Temporal temporal();

    interface Temporal {
        /** Address of an external Temporal frontend, host:port (server and worker modes). */
        @WithDefault("127.0.0.1:7233")
        String target();

        @WithDefault("default")
        String namespace();

        /** Loopback port of the embedded workflow service; 0 picks a free port. */
        @WithDefault("7233")
        int embeddedPort();

        /** Compute activities one worker process runs at once. Training is one at a time per JVM (DJL). */
        @WithDefault("1")
        int computeConcurrency();

        /** Optional identity reported by this process's workers. */
        Optional<String> workerIdentity();

        /**
         * An API key sent as a bearer token with every call (Temporal Cloud, or a frontend behind an
         * authorizing proxy). Only sent over TLS: a key without {@code tls.enabled} is refused at start.
         */
        Optional<String> apiKey();

        /** TLS to an external frontend (server and worker modes; the embedded service is loopback only). */
        Tls tls();
    }

    interface Tls {
        /** Connect over TLS; the frontend's certificate is checked against {@code server-ca}, else the JDK's CAs. */
        @WithDefault("false")
        boolean enabled();

        /** PEM file of this process's client certificate chain, for mutual TLS; needs {@code client-key}. */
        Optional<String> clientCert();

        /** PEM file of the client certificate's private key (PKCS #8, unencrypted). */
        Optional<String> clientKey();

        /** PEM file of the CA certificates the frontend's certificate must chain to. */
        Optional<String> serverCa();

        /** Host name to check the frontend's certificate against, when it is not the target's host. */
        Optional<String> serverName();
    }
}
