package dev.hone.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModels;
import dev.hone.registry.model.ModelVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease rule on its own, step by step: an evicted model in use is closed by its last release. */
class ModelCacheTest {

    @TempDir
    static Path dir;

    private static ServedVersions served;

    @BeforeAll
    static void trainVersions() {
        served = new ServedVersions(dir, 2);
    }

    private static ModelServer.LoadedModel load(ModelVersion v) {
        return new ModelServer.LoadedModel(FittedTransform.fromJson(served.store.read(v.transformSha)),
                ServableModels.load(ModelKind.parse(v.kind), v.parametersJson, served.store.read(v.weightsSha)));
    }

    @Test
    void anEvictedModelStillLeasedIsClosedOnlyWhenItsLastLeaseIsReleased() {
        ModelVersion a = served.versions.get(0);
        ModelVersion b = served.versions.get(1);
        float[][] x = served.transform.transform(served.rows);
        ModelCache<Long, ModelServer.LoadedModel> cache = new ModelCache<>(1);

        var first = cache.acquire(a.id, () -> load(a));
        var second = cache.acquire(a.id, () -> {
            throw new AssertionError("a is cached: not loaded twice");
        });
        ModelServer.LoadedModel modelA = first.value();
        try (var leaseB = cache.acquire(b.id, () -> load(b))) {
            assertThat(cache.stats()).isEqualTo(new ModelCache.Stats(1, 2, 1, 0, 0));
            // a is evicted but two callers still hold it: it predicts as before
            assertThat(modelA.model().predict(x)).isDeepEqualTo(served.expected.get(a.id));
            assertThat(leaseB.value().model().predict(x)).isDeepEqualTo(served.expected.get(b.id));
        }
        first.close();
        first.close();
        assertThat(cache.stats().closes()).as("one lease on a is still held").isZero();
        assertThat(second.value().model().predict(x)).isDeepEqualTo(served.expected.get(a.id));
        second.close();
        assertThat(cache.stats().closes()).isEqualTo(1);
        assertThat(cache.stats().closesOnRelease()).isEqualTo(1);
        assertThatThrownBy(() -> modelA.model().predict(x)).as("a really was closed")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        cache.close();
        assertThat(cache.stats().closes()).as("b, idle, closes with the cache").isEqualTo(2);
        assertThatThrownBy(() -> cache.acquire(a.id, () -> load(a))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedLoadIsReportedAndNotKept() {
        ModelCache<Long, ModelServer.LoadedModel> cache = new ModelCache<>(2);
        assertThatThrownBy(() -> cache.acquire(1L, () -> {
            throw new IllegalStateException("artifact store is down");
        })).hasMessage("artifact store is down");
        assertThat(cache.stats().resident()).isZero();
        ModelVersion a = served.versions.get(0);
        try (var lease = cache.acquire(1L, () -> load(a))) {
            assertThat(lease.value().model().kind()).isEqualTo(ModelKind.FLOAT_MLP);
        }
        cache.close();
    }

    @Test
    void aCacheOfNoModelsIsRefused() {
        assertThatThrownBy(() -> new ModelCache<Long, ModelServer.LoadedModel>(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one model");
    }
}
