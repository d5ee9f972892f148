package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("How a study proposes its trials' settings")
public enum Sampler {
    @Description("Every combination of gridPoints values per numeric parameter; the grid must fit the trial budget")
    GRID,
    @Description("Independent random draws (log-uniform on a log scale)")
    RANDOM,
    @Description("Tree-structured Parzen estimator: one density per parameter, learned from the trials so far")
    TPE,
    @Description("TPE drawing the unconditional parameters jointly (Optuna's multivariate=True)")
    MULTIVARIATE_TPE,
    @Description("Gaussian-process Bayesian optimization maximizing expected improvement (as Optuna 4's GPSampler);"
            + " parameters that depend on another are proposed by TPE")
    GP;

    @JsonCreator
    public static Sampler of(String name) {
        return Names.parse(Sampler.class, name);
    }
}
