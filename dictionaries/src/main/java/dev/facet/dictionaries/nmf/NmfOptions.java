package dev.facet.dictionaries.nmf;

import dev.facet.spi.ConfigException;

/**
 * Settings of one NMF fit (docs/algorithms.md#nmf).
 *
 * @param concepts number of atoms c, {@code >= 1}
 * @param solver how the factors are updated
 * @param maxIterations at most this many alternating iterations (epochs when streaming)
 * @param tolerance stop when ‖Z_new − Z_old‖_F/‖Z_new‖_F ≤ tolerance (‖D_new − D_old‖_F/‖D_new‖_F per
 *                  epoch when streaming); 0 runs all iterations
 * @param init how the factors start
 * @param innerIterations ANLS: at most this many NNLS coordinate sweeps per half; streaming: HALS/MU sweeps on
 *                        each mini-batch's codes
 * @param learningRate PGD: Adam step as a fraction of the factor scale sqrt(mean(X)/c)
 */
public record NmfOptions(int concepts, NmfSolver solver, int maxIterations, double tolerance, NmfInit init,
                         int innerIterations, double learningRate) {

    public NmfOptions {
        if (concepts < 1) {
            throw ConfigException.outOfRange("NMF concepts", concepts, "[1, ...)");
        }
        if (maxIterations < 1) {
            throw ConfigException.outOfRange("NMF max_iter", maxIterations, "[1, ...)");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw ConfigException.outOfRange("NMF tol", tolerance, "finite, >= 0");
        }
        if (innerIterations < 1) {
            throw ConfigException.outOfRange("NMF inner_iterations", innerIterations, "[1, ...)");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw ConfigException.outOfRange("NMF learning_rate", learningRate, "finite, > 0");
        }
    }

    /** Defaults: HALS, 200 iterations, tol 1e-4, automatic init, 10 inner iterations, learning rate 0.05. */
    public static NmfOptions defaults(int concepts) {
        return new NmfOptions(concepts, NmfSolver.HALS, 200, 1e-4, NmfInit.AUTO, 10, 0.05);
    }

    public NmfOptions withSolver(NmfSolver value) {
        return new NmfOptions(concepts, value, maxIterations, tolerance, init, innerIterations, learningRate);
    }

    public NmfOptions withMaxIterations(int value) {
        return new NmfOptions(concepts, solver, value, tolerance, init, innerIterations, learningRate);
    }

    public NmfOptions withTolerance(double value) {
        return new NmfOptions(concepts, solver, maxIterations, value, init, innerIterations, learningRate);
    }

    public NmfOptions withInit(NmfInit value) {
        return new NmfOptions(concepts, solver, maxIterations, tolerance, value, innerIterations, learningRate);
    }

    public NmfOptions withInnerIterations(int value) {
        return new NmfOptions(concepts, solver, maxIterations, tolerance, init, value, learningRate);
    }
}
