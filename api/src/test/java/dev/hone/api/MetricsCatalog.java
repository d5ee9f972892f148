package dev.hone.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics {@code deploy/README.md} documents (its "Metrics" section: one table row per metric,
 * name first, then its type), and the metric names a piece of PromQL or a {@code /q/metrics} page
 * uses, reduced to those documented names (a histogram's {@code _bucket}, {@code _count},
 * {@code _sum} and {@code _max} series belong to its one name).
 */
final class MetricsCatalog {

    static final Path README = Path.of("..", "deploy", "README.md");
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "hone-dashboard.json");

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|");
    private static final Pattern NAME = Pattern.compile("\\b((?:hone|temporal)_[a-z0-9_]+)\\b");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    private MetricsCatalog() {
    }

    /** Documented metric name to its type (counter, gauge, histogram, summary), in the README's order. */
    static Map<String, String> documented() {
        List<String> lines;
        try {
            lines = Files.readAllLines(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> metrics = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals("## Metrics");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inSection && m.find()) {
                metrics.put(m.group(1), m.group(2));
            }
        }
        return metrics;
    }

    /** The Hone and Temporal metric names in {@code text}, each reduced to a documented name where one fits. */
    static Set<String> namesIn(String text, Set<String> documented) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(reduce(m.group(1), documented));
        }
        return names;
    }

    static String reduce(String name, Set<String> documented) {
        if (documented.contains(name)) {
            return name;
        }
        for (String suffix : SERIES_SUFFIXES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (documented.contains(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    /** Whether a metric belongs to serving (it shows only once a model has answered). */
    static boolean serving(String name) {
        return name.startsWith("hone_prediction") || name.startsWith("hone_deployment");
    }
}
