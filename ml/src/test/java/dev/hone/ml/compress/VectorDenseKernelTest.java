package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorDenseKernelTest {

    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(IntVector.SPECIES_PREFERRED.length() * Float.SIZE));

    @Test
    void aNetworkGivesTheSameBitsCompiledAsInterpreted() throws Exception {
        assertThat(Forward.KERNEL.name()).startsWith("vector");
        for (int i = 0; i < 2_000; i++) { // long enough for C2 to compile the kernel
            KernelBits.answers();
        }
        List<String> compiled = KernelBits.answers();
        Process interpreted = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                KernelBits.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(interpreted.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(interpreted.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(interpreted.exitValue()).isZero();
        assertThat(lines).as("rows of the float and int8 forms, classifier and regressor").hasSize(4 * 301)
                .isEqualTo(compiled);
    }

    @Test
    void expIsWithinTwoUnitsInTheLastPlaceOfMathExpDownToTheSmallestNormalFloat() {
        float[] x = new float[FLOATS.length()];
        float[] y = new float[FLOATS.length()];
        int worst = 0;
        for (int k = 0; k <= 873_300; k += x.length) {
            for (int i = 0; i < x.length; i++) {
                x[i] = -(k + i) / 10_000f; // 0 down to -87.33, every 1e-4
            }
            VectorDenseKernel.exp(FloatVector.fromArray(FLOATS, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length && x[i] >= -87.33f; i++) {
                float expected = (float) Math.exp(x[i]);
                int ulps = Math.abs(Float.floatToIntBits(y[i]) - Float.floatToIntBits(expected));
                assertThat(ulps).as("exp(%s) = %s, Math.exp %s", x[i], y[i], expected).isLessThanOrEqualTo(2);
                worst = Math.max(worst, ulps);
            }
        }
        assertThat(worst).as("the worst case is measured, not zero by construction").isPositive();
    }

    @Test
    void expIsZeroBelowTheSmallestNormalFloatAndOneAtZero() {
        float[] x = new float[FLOATS.length()];
        java.util.Arrays.fill(x, -88f);
        x[0] = 0f;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = -1e30f;
        float[] y = new float[x.length];
        VectorDenseKernel.exp(FloatVector.fromArray(FLOATS, x, 0)).intoArray(y, 0);
        assertThat(y[0]).isEqualTo(1f);
        for (int i = 1; i < y.length; i++) {
            assertThat(y[i]).as("exp(%s)", x[i]).isZero();
        }
    }
}
