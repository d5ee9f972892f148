package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void theErrorIsTheRowWeightedGapBetweenConfidenceAndAccuracyPerBin() {
        float[][] p = {{0.85f, 0.15f}, {0.75f, 0.25f}, {0.35f, 0.65f}, {0.55f, 0.45f}};
        int[] y = {0, 1, 1, 0}; // right, wrong, right, right
        Calibration.Report report = Calibration.measure(p, y, 10);
        // bins (0.8, 0.9], (0.7, 0.8], (0.6, 0.7], (0.5, 0.6]: gaps 0.15, 0.75, 0.35, 0.45, one row each
        assertThat(report.expectedCalibrationError()).isCloseTo((0.15 + 0.75 + 0.35 + 0.45) / 4, within(1e-6));
        assertThat(report.bins()).hasSize(10);
        assertThat(report.bins().get(7).rows()).isEqualTo(1);
        assertThat(report.bins().get(7).accuracy()).isZero();
        assertThat(report.bins().get(7).confidence()).isCloseTo(0.75, within(1e-6));
        assertThat(report.bins().get(0).rows()).isZero();
        assertThat(report.bins().get(0).accuracy()).isNaN();
    }

    @Test
    void aCalibratedModelHasAnErrorNearZero() {
        Random random = new Random(1);
        int n = 20_000;
        float[][] p = new float[n][];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            float confidence = 0.5f + 0.5f * random.nextFloat();
            p[r] = new float[] {confidence, 1 - confidence};
            y[r] = random.nextFloat() < confidence ? 0 : 1; // right as often as it is confident
        }
        assertThat(Calibration.measure(p, y, Calibration.BINS).expectedCalibrationError()).isLessThan(0.02);
    }

    @Test
    void temperatureScalingRecoversTheTemperatureOfAnOverConfidentModelAndKeepsItsAnswers() {
        Random random = new Random(2);
        int n = 20_000;
        int classes = 4;
        float[][] sharp = new float[n][];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            double[] z = new double[classes];
            for (int c = 0; c < classes; c++) {
                z[c] = 1.5 * random.nextGaussian();
            }
            double[] calibrated = softmax(z, 1);
            double u = random.nextDouble();
            int label = 0;
            for (double cumulative = calibrated[0]; label < classes - 1 && u > cumulative; ) {
                cumulative += calibrated[++label];
            }
            y[r] = label; // drawn from the calibrated probabilities
            double[] over = softmax(z, 0.5); // the model says softmax(2z): over-confident by a temperature of 2
            sharp[r] = new float[classes];
            for (int c = 0; c < classes; c++) {
                sharp[r][c] = (float) over[c];
            }
        }
        double t = Calibration.fitTemperature(sharp, y);
        assertThat(t).isCloseTo(2.0, within(0.1));
        float[][] scaled = Calibration.scale(sharp, t);
        double before = Calibration.measure(sharp, y, Calibration.BINS).expectedCalibrationError();
        double after = Calibration.measure(scaled, y, Calibration.BINS).expectedCalibrationError();
        assertThat(before).isGreaterThan(0.1);
        assertThat(after).isLessThan(0.02);
        for (int r = 0; r < n; r++) {
            assertThat(argmax(scaled[r])).as("row %d keeps its answer", r).isEqualTo(argmax(sharp[r]));
        }
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Calibration.measure(new float[][] {{0.5f, 0.5f}}, new int[] {0, 1}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 labels but 1 rows of probabilities");
        assertThatThrownBy(() -> Calibration.measure(new float[][] {{0.5f, 0.5f}}, new int[] {2}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Row 0's label 2 is not one of its 2 classes");
        assertThatThrownBy(() -> Calibration.measure(new float[0][], new int[0], 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no");
        assertThatThrownBy(() -> Calibration.measure(new float[][] {{1f}}, new int[] {0}, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two classes");
        assertThatThrownBy(() -> Calibration.scale(new float[][] {{0.5f, 0.5f}}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    private static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            e[c] = Math.exp(z[c] / temperature - max);
            sum += e[c];
        }
        for (int c = 0; c < z.length; c++) {
            e[c] /= sum;
        }
        return e;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
