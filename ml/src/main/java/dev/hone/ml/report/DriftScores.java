package dev.hone.ml.report;

import java.util.List;

/**
 * A drift check's scores: every input column's and the predictions' shares per bin of the served version's passport
 * baseline (its training rows, the reference) against what was served in the window (current), with the PSI of the
 * two. Stored with each check, so that a drift report can draw both histograms and the score over time.
 *
 * @param inputs one per input column the passport has a baseline for
 * @param output the predictions' (null when no prediction was counted)
 */
public record DriftScores(List<Score> inputs, Score output) {

    public DriftScores {
        inputs = List.copyOf(inputs);
    }

    /**
     * @param column the column's name ({@code prediction} for the output)
     * @param numeric whether its bins are number ranges (else categories)
     * @param edges a number's inner bin edges (bin k holds values up to edge k; the last bin values above the last)
     * @param categories a category's kept values ("other" and missing are the last two bins)
     * @param reference the passport's shares per bin, the missing values' last
     * @param current the served rows' shares in the same bins
     * @param psi the population stability index of current against reference
     */
    public record Score(String column, boolean numeric, List<Double> edges, List<String> categories,
            List<Double> reference, List<Double> current, double psi) {

        public Score {
            edges = List.copyOf(edges);
            categories = List.copyOf(categories);
            reference = List.copyOf(reference);
            current = List.copyOf(current);
        }
    }
}
