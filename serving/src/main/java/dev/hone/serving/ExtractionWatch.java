package dev.hone.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches each caller's rows to a deployment for the query patterns of model extraction (copying a model by
 * querying it): rows that differ from one of the caller's {@value #RECENT} previous rows in exactly one cell
 * (sweeps along one column: grids and line searches for the decision boundary), and near-duplicates (every cell
 * equal or, for numbers, within {@value #NEAR} relative of a previous row's, yet not the same row). Ordinary traffic,
 * rows drawn from the world, rarely looks like that; a repeated identical row is not counted (that is polling, and
 * the response cache's business).
 *
 * <p>Of a caller's last {@value #WINDOW} rows, when at least {@value #SHARE} of them follow a pattern, the caller is
 * flagged: {@link #observe} returns the flag, at most once per {@link #FLAG_EVERY} per deployment and caller, for the
 * API to audit, and {@code hone_deployment_extraction_flags_total{deployment,caller}} counts it. Every such row is
 * counted in {@code hone_deployment_probe_rows_total{deployment,pattern=one_column|near_duplicate}}. In-process: each
 * serving process watches the traffic it answers. At most {@value #MAX_CALLERS} callers are watched at once; beyond
 * that the watch starts afresh (a caller's history is then lost, never mixed with another's).
 */
@ApplicationScoped
public class ExtractionWatch {

    static final int RECENT = 16;
    static final int WINDOW = 200;
    static final double SHARE = 0.5;
    static final double NEAR = 0.01;
    static final Duration FLAG_EVERY = Duration.ofHours(1);
    static final int MAX_CALLERS = 10_000;

    /** A caller newly flagged: of its last {@code rows}, how many swept one column and how many nearly repeated. */
    public record Flag(String deployment, String caller, int rows, int oneColumn, int nearDuplicates) {
    }

    private record Watched(String deployment, String caller) {
    }

    private final MeterRegistry registry;
    private final Map<Watched, Caller> callers = new ConcurrentHashMap<>();

    public ExtractionWatch(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes in a caller's answered rows; a flag when the caller is newly flagged. */
    public Optional<Flag> observe(String deployment, String caller, List<Map<String, String>> rows) {
        if (callers.size() >= MAX_CALLERS) {
            callers.clear();
        }
        Caller c = callers.computeIfAbsent(new Watched(deployment, caller), w -> new Caller());
        Optional<Flag> flag;
        int oneColumn;
        int near;
        synchronized (c) {
            int before1 = c.oneColumnTotal;
            int beforeN = c.nearTotal;
            for (Map<String, String> row : rows) {
                c.take(row);
            }
            oneColumn = c.oneColumnTotal - before1;
            near = c.nearTotal - beforeN;
            flag = c.flagged(System.nanoTime()) ? Optional.of(new Flag(deployment, caller, c.seen, c.oneColumnInView,
                    c.nearInView)) : Optional.empty();
        }
        if (oneColumn > 0) {
            probes(deployment, "one_column").increment(oneColumn);
        }
        if (near > 0) {
            probes(deployment, "near_duplicate").increment(near);
        }
        flag.ifPresent(f -> Counter.builder("hone.deployment.extraction.flags")
                .description("Callers flagged for querying a deployment the way model extraction does")
                .tags("deployment", deployment, "caller", caller).register(registry).increment());
        return flag;
    }

    private Counter probes(String deployment, String pattern) {
        return Counter.builder("hone.deployment.probe.rows")
                .description("Rows that swept one column of, or nearly repeated, one of the caller's recent rows")
                .tags("deployment", deployment, "pattern", pattern).register(registry);
    }

    /** One caller's recent rows and the patterns of its last {@value #WINDOW}. Guarded by itself. */
    private static final class Caller {
        private static final byte PLAIN = 0;
        private static final byte ONE_COLUMN = 1;
        private static final byte NEAR_DUPLICATE = 2;

        List<String> columns;
        final String[][] recentCells = new String[RECENT][];
        final double[][] recentNumbers = new double[RECENT][];
        int recentCount;
        int recentNext;
        final byte[] window = new byte[WINDOW];
        int windowNext;
        int seen;
        int oneColumnInView;
        int nearInView;
        int oneColumnTotal;
        int nearTotal;
        long flaggedAt;
        boolean everFlagged;

        void take(Map<String, String> row) {
            if (columns == null) {
                columns = new ArrayList<>(new TreeSet<>(row.keySet()));
            }
            String[] cells = new String[columns.size()];
            double[] numbers = new double[columns.size()];
            for (int k = 0; k < cells.length; k++) {
                cells[k] = row.get(columns.get(k));
                numbers[k] = number(cells[k]);
            }
            byte pattern = row.size() == columns.size() ? pattern(cells, numbers) : PLAIN;
            byte leaving = window[windowNext];
            oneColumnInView -= leaving == ONE_COLUMN ? 1 : 0;
            nearInView -= leaving == NEAR_DUPLICATE ? 1 : 0;
            window[windowNext] = pattern;
            windowNext = (windowNext + 1) % WINDOW;
            seen = Math.min(WINDOW, seen + 1);
            if (pattern == ONE_COLUMN) {
                oneColumnInView++;
                oneColumnTotal++;
            } else if (pattern == NEAR_DUPLICATE) {
                nearInView++;
                nearTotal++;
            }
            recentCells[recentNext] = cells;
            recentNumbers[recentNext] = numbers;
            recentNext = (recentNext + 1) % RECENT;
            recentCount = Math.min(RECENT, recentCount + 1);
        }

        /** How the row relates to the closest of the recent rows. */
        private byte pattern(String[] cells, double[] numbers) {
            byte found = PLAIN;
            for (int r = 0; r < recentCount; r++) {
                String[] other = recentCells[r];
                int different = 0;
                for (int k = 0; k < cells.length && different < 2; k++) {
                    different += Objects.equals(cells[k], other[k]) ? 0 : 1;
                }
                if (different == 0) {
                    return PLAIN; // the same row again
                }
                if (different == 1) {
                    found = ONE_COLUMN;
                } else if (found == PLAIN && near(cells, numbers, other, recentNumbers[r])) {
                    found = NEAR_DUPLICATE;
                }
            }
            return found;
        }

        /** Whether every cell is the other row's, or a number within {@value #NEAR} relative of it. */
        private static boolean near(String[] cells, double[] numbers, String[] other, double[] otherNumbers) {
            for (int k = 0; k < cells.length; k++) {
                if (!Objects.equals(cells[k], other[k])) {
                    double a = numbers[k];
                    double b = otherNumbers[k];
                    if (Double.isNaN(a) || Double.isNaN(b) || Math.abs(a - b) > NEAR * Math.max(Math.abs(a),
                            Math.abs(b))) {
                        return false;
                    }
                }
            }
            return true;
        }

        boolean flagged(long now) {
            if (seen < WINDOW || oneColumnInView + nearInView < SHARE * WINDOW) {
                return false;
            }
            if (everFlagged && now - flaggedAt < FLAG_EVERY.toNanos()) {
                return false;
            }
            everFlagged = true;
            flaggedAt = now;
            return true;
        }

        private static double number(String cell) {
            if (cell == null || cell.isEmpty()) {
                return Double.NaN;
            }
            char first = cell.charAt(0);
            if (!(first == '-' || first == '+' || first == '.' || Character.isDigit(first))) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
