package dev.hone.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The extraction watch flags sweeps and near-duplicates, once per caller, and leaves rows drawn from the world alone. */
class ExtractionWatchTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExtractionWatch watch = new ExtractionWatch(registry);

    private static Map<String, String> flower(double sepalLength, double sepalWidth, double petalLength,
            double petalWidth) {
        return Map.of("sepal_length", format(sepalLength), "sepal_width", format(sepalWidth), "petal_length",
                format(petalLength), "petal_width", format(petalWidth), "colour", "blue");
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Rows like a population's: every column varies, independently, from row to row. */
    private static List<Map<String, String>> world(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(flower(5.8 + 0.8 * random.nextGaussian(), 3 + 0.4 * random.nextGaussian(),
                    3.7 + 1.7 * random.nextGaussian(), 1.2 + 0.7 * random.nextGaussian()));
        }
        return rows;
    }

    private double probes(String pattern) {
        var c = registry.find("hone.deployment.probe.rows").tag("pattern", pattern).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aSweepAlongOneColumnIsFlaggedOnceItFillsHalfTheWindow() {
        List<Map<String, String>> sweep = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sweep.add(flower(6.1, 2.8, 1 + i * 0.01, 1.2));
        }
        Optional<ExtractionWatch.Flag> early = watch.observe("flowers", "copier", sweep.subList(0, 150));
        assertThat(early).as("fewer rows than the window").isEmpty();
        Optional<ExtractionWatch.Flag> flag = watch.observe("flowers", "copier", sweep.subList(150, 250));
        assertThat(flag).hasValueSatisfying(f -> {
            assertThat(f.caller()).isEqualTo("copier");
            assertThat(f.rows()).isEqualTo(ExtractionWatch.WINDOW);
            assertThat(f.oneColumn()).isEqualTo(ExtractionWatch.WINDOW);
        });
        assertThat(watch.observe("flowers", "copier", sweep.subList(250, 400))).as("flagged once an hour").isEmpty();
        assertThat(probes("one_column")).isEqualTo(399);
        assertThat(registry.find("hone.deployment.extraction.flags").tag("caller", "copier").counter().count())
                .isEqualTo(1);
    }

    /** A factor within 0.2% of 1: with four decimals, rows near one another (seeded: none the same). */
    private static double jitter(Random random) {
        return 1 + (random.nextInt(4000) - 2000) / 1e6;
    }

    @Test
    void nearDuplicatesAreFlaggedButTheSameRowAgainIsNot() {
        Random random = new Random(7);
        List<Map<String, String>> jittered = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            jittered.add(flower(6.1 * jitter(random), 2.8 * jitter(random), 4.7 * jitter(random),
                    1.2 * jitter(random)));
        }
        assertThat(watch.observe("flowers", "jitter", jittered)).isPresent();
        assertThat(probes("near_duplicate")).isEqualTo(249);

        List<Map<String, String>> polling = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            polling.add(flower(6.1, 2.8, 4.7, 1.2));
        }
        assertThat(watch.observe("flowers", "poller", polling)).as("the same row again and again").isEmpty();
    }

    @Test
    void rowsDrawnFromTheWorldAreLeftAloneAndCallersAreWatchedApart() {
        assertThat(watch.observe("flowers", "shop", world(1000, 1))).isEmpty();
        assertThat(probes("one_column") + probes("near_duplicate")).isZero();

        // A sweep spread between two callers is half of each one's rows: both are flagged, neither mixed with shop.
        List<Map<String, String>> worldRows = world(400, 2);
        for (int i = 0; i < 400; i++) {
            String caller = i % 2 == 0 ? "a" : "b";
            watch.observe("flowers", caller, List.of(flower(6.1, 2.8, 1 + i * 0.01, 1.2), worldRows.get(i)));
        }
        assertThat(registry.find("hone.deployment.extraction.flags").tag("caller", "a").counter()).isNotNull();
        assertThat(registry.find("hone.deployment.extraction.flags").tag("caller", "b").counter()).isNotNull();
        assertThat(registry.find("hone.deployment.extraction.flags").tag("caller", "shop").counter()).isNull();
        assertThat(watch.observe("tulips", "a", world(10, 3))).as("another deployment's watch starts afresh")
                .isEmpty();
    }
}
