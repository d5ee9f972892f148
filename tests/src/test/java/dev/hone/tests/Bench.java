package dev.hone.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark programs of this module share: arguments, paths, medians. */
final class Bench {

    private Bench() {
    }

    /** The repository root, whether the program runs from it or from this module; points Hone's jar there too. */
    static Path root() {
        Path root = Files.exists(Path.of("api/target/quarkus-app")) ? Path.of(".") : Path.of("..");
        System.setProperty("hone.app.dir", root.resolve("api/target/quarkus-app").toString());
        return root;
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The test classpath this program runs with (exec:java gives it through a URL class loader). */
    static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader urls) {
            return java.util.Arrays.stream(urls.getURLs()).map(u -> {
                try {
                    return Path.of(u.toURI()).toString();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }
}
