package dev.hone.ml.data;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a source's rows on a second thread, a batch ahead of the caller, so that parsing the file
 * and working on its values (profiling, loading) run at the same time on two cores. Memory stays
 * bounded: at most {@value #BATCHES} batches of {@value #BATCH_ROWS} rows wait in between. A failure
 * of the reading thread reaches the caller at the row where it happened; closing stops the thread.
 */
final class ReadAhead implements RowSource {

    static final int BATCH_ROWS = 1024;
    static final int BATCHES = 4;

    /** Rows read together, with where each is, and the bytes read after the last. */
    private record Batch(String[][] rows, double[][] numbers, String[] positions, int size, long bytesRead,
            RuntimeException failure) {}

    private final RowSource source;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private Thread reader;
    /** The columns the caller wants as numbers, fixed by its first call. */
    private boolean[] wanted;
    private volatile boolean closed;
    private Batch current;
    private int next;
    private String position = "the start";
    private boolean finished;

    ReadAhead(RowSource source) {
        this.source = source;
    }

    /** Starts reading on the second thread, with the columns wanted as numbers. */
    private void start(boolean[] numbers) {
        wanted = numbers.clone();
        reader = Thread.ofPlatform().daemon().name("hone-read-ahead").start(this::readAll);
    }

    private void readAll() {
        int width = source.columns().size();
        try {
            while (!closed) {
                String[][] rows = new String[BATCH_ROWS][];
                double[][] numbers = new double[BATCH_ROWS][];
                String[] positions = new String[BATCH_ROWS];
                int size = 0;
                while (size < BATCH_ROWS) {
                    String[] cells = new String[width];
                    double[] values = new double[width];
                    if (!source.next(cells, values, wanted)) {
                        break;
                    }
                    rows[size] = cells;
                    numbers[size] = values;
                    positions[size++] = source.position();
                }
                put(new Batch(rows, numbers, positions, size, source.bytesRead(), null));
                if (size < BATCH_ROWS) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            put(new Batch(null, null, null, 0, source.bytesRead(), e));
        }
    }

    private void put(Batch batch) {
        try {
            while (!closed && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                // The caller is busy: wait, unless it has closed the source meanwhile.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public boolean next(String[] cells) {
        if (reader == null) {
            start(new boolean[cells.length]);
        }
        return next(cells, null, wanted);
    }

    @Override
    public boolean next(String[] cells, double[] numbers, boolean[] wantedNumbers) {
        if (reader == null) {
            start(wantedNumbers);
        }
        if (finished) {
            return false;
        }
        if (current == null || next == current.size()) {
            if (current != null && current.size() < BATCH_ROWS) {
                finished = true;
                return false;
            }
            current = take();
            next = 0;
            if (current.failure() != null) {
                finished = true;
                throw current.failure();
            }
            if (current.size() == 0) {
                finished = true;
                return false;
            }
        }
        System.arraycopy(current.rows()[next], 0, cells, 0, cells.length);
        if (numbers != null) {
            System.arraycopy(current.numbers()[next], 0, numbers, 0, numbers.length);
        }
        position = current.positions()[next];
        current.rows()[next] = null;
        current.numbers()[next++] = null;
        return true;
    }

    private Batch take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the data file", e);
        }
    }

    @Override
    public String position() {
        return position;
    }

    @Override
    public long bytesRead() {
        return current == null ? 0 : current.bytesRead();
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            if (reader != null) {
                reader.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
