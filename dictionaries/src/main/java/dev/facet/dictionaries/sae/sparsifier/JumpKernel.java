package dev.facet.dictionaries.sae.sparsifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.facet.spi.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The kernels K of the JumpReLU pseudo-gradients (Rajamanoharan et al. 2024, "Jumping Ahead:
 * Improving Reconstruction Fidelity with JumpReLU Sparse Autoencoders", §3 and
 * docs/algorithms.md#jumprelu-sae): a density that integrates to 1, its exact cumulative distribution
 * S(u) = ∫₋∞ᵘ K, and S built from NDArray operations so that autograd differentiates it to K. The
 * pseudo-gradients of {@link JumpReluSparsifier} are the derivatives of S.
 *
 * <p>Kernels with compact support are zero outside it: {@code rectangle} on |u| ≤ ½, the others on
 * |u| ≤ 1. {@code gaussian}, {@code silverman} and {@code cauchy} have unbounded support;
 * {@code silverman} takes (small) negative values for |u| &gt; 3π/(2√2) ≈ 3.33, as a
 * higher-order kernel does.
 *
 * <p>Accuracy: the double-precision {@link #cdf(double)} of {@code gaussian} uses an erf computed
 * by its positive power series (|x| &lt; 3) and by the continued fraction of erfc (|x| ≥ 3), both to
 * about 1e-15; every other CDF is a closed form. The NDArray {@link #cdf(NDArray)} of
 * {@code gaussian} uses the engine's native erf (PyTorch {@code torch.erf}, exact to float32
 * rounding, about 1e-7, with the exact derivative 2/√π·e^(−x²) under autograd); the others are the
 * same closed forms in float32.
 */
public enum JumpKernel {

    /** K(u) = 1 for |u| ≤ ½, else 0 (the paper's default). */
    RECTANGLE {
        @Override
        public double density(double u) {
            return Math.abs(u) <= 0.5 ? 1 : 0;
        }

        @Override
        public double cdf(double u) {
            return clamp(u + 0.5, 0, 1);
        }

        @Override
        public NDArray cdf(NDArray u) {
            return u.add(0.5f).clip(0f, 1f);
        }
    },

    /** The standard normal density φ(u) = e^(−u²/2)/√(2π). */
    GAUSSIAN {
        @Override
        public double density(double u) {
            return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
        }

        @Override
        public double cdf(double u) {
            return u < 0 ? 0.5 * erfc(-u / SQRT2) : 1 - 0.5 * erfc(u / SQRT2);
        }

        @Override
        public NDArray cdf(NDArray u) {
            return u.mul((float) (1 / SQRT2)).erf().add(1f).mul(0.5f);
        }
    },

    /** K(u) = 1 − |u| for |u| ≤ 1. */
    TRIANGULAR {
        @Override
        public double density(double u) {
            return Math.max(0, 1 - Math.abs(u));
        }

        @Override
        public double cdf(double u) {
            double c = clamp(u, -1, 1);
            return 0.5 + c - c * Math.abs(c) / 2;
        }

        @Override
        public NDArray cdf(NDArray u) {
            NDArray c = u.clip(-1f, 1f);
            return c.sub(c.mul(c.abs()).mul(0.5f)).add(0.5f);
        }
    },

    /** K(u) = (π/4)·cos(πu/2) for |u| ≤ 1. */
    COSINE {
        @Override
        public double density(double u) {
            return Math.abs(u) <= 1 ? Math.PI / 4 * Math.cos(Math.PI / 2 * u) : 0;
        }

        @Override
        public double cdf(double u) {
            return 0.5 * (1 + Math.sin(Math.PI / 2 * clamp(u, -1, 1)));
        }

        @Override
        public NDArray cdf(NDArray u) {
            return u.clip(-1f, 1f).mul((float) (Math.PI / 2)).sin().add(1f).mul(0.5f);
        }
    },

    /** K(u) = ¾·(1 − u²) for |u| ≤ 1. */
    EPANECHNIKOV {
        @Override
        public double density(double u) {
            return Math.abs(u) <= 1 ? 0.75 * (1 - u * u) : 0;
        }

        @Override
        public double cdf(double u) {
            double c = clamp(u, -1, 1);
            return 0.5 + 0.75 * c - 0.25 * c * c * c;
        }

        @Override
        public NDArray cdf(NDArray u) {
            NDArray c = u.clip(-1f, 1f);
            return c.mul(0.75f).sub(c.pow(3).mul(0.25f)).add(0.5f);
        }
    },

    /** The biweight K(u) = (15/16)·(1 − u²)² for |u| ≤ 1. */
    QUARTIC {
        @Override
        public double density(double u) {
            double v = 1 - u * u;
            return Math.abs(u) <= 1 ? 15.0 / 16 * v * v : 0;
        }

        @Override
        public double cdf(double u) {
            double c = clamp(u, -1, 1);
            double c3 = c * c * c;
            return 0.5 + 15.0 / 16 * (c - 2 * c3 / 3 + c3 * c * c / 5);
        }

        @Override
        public NDArray cdf(NDArray u) {
            NDArray c = u.clip(-1f, 1f);
            NDArray c3 = c.pow(3);
            return c.sub(c3.mul(2f / 3)).add(c3.mul(c.square()).mul(0.2f)).mul(15f / 16).add(0.5f);
        }
    },

    /**
     * Silverman's kernel K(u) = ½·e^(−|u|/√2)·sin(|u|/√2 + π/4), with
     * S(u) = ½ + ½·sign(u)·(1 − e^(−a)·cos a), a = |u|/√2.
     */
    SILVERMAN {
        @Override
        public double density(double u) {
            double a = Math.abs(u) / SQRT2;
            return 0.5 * Math.exp(-a) * Math.sin(a + Math.PI / 4);
        }

        @Override
        public double cdf(double u) {
            double a = Math.abs(u) / SQRT2;
            return 0.5 + Math.copySign(0.5 * (1 - Math.exp(-a) * Math.cos(a)), u);
        }

        /**
         * |u| is written as u·s with s = ±1 a constant (s = 1 at u = 0), so autograd gives K(0)
         * at u = 0 instead of the zero gradient of {@code abs} there.
         */
        @Override
        public NDArray cdf(NDArray u) {
            NDArray sign = u.stopGradient().gte(0f).toType(DataType.FLOAT32, false).mul(2f).sub(1f);
            NDArray a = u.mul(sign).mul((float) (1 / SQRT2));
            return a.neg().exp().mul(a.cos()).neg().add(1f).mul(sign).mul(0.5f).add(0.5f);
        }
    },

    /** The Cauchy density K(u) = 1/(π(1 + u²)). */
    CAUCHY {
        @Override
        public double density(double u) {
            return 1 / (Math.PI * (1 + u * u));
        }

        @Override
        public double cdf(double u) {
            return 0.5 + Math.atan(u) / Math.PI;
        }

        @Override
        public NDArray cdf(NDArray u) {
            return u.atan().mul((float) (1 / Math.PI)).add(0.5f);
        }
    };

    private static final double SQRT2 = Math.sqrt(2);

    /** The kernel density K(u). */
    public abstract double density(double u);

    /** The exact cumulative distribution S(u) = ∫₋∞ᵘ K(v) dv. */
    public abstract double cdf(double u);

    /**
     * S(u) element-wise, built from NDArray operations so that autograd differentiates it to K(u)
     * (float32; see the class comment for the accuracy).
     */
    public abstract NDArray cdf(NDArray u);

    /** The configuration id: the lower-case name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every configuration id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(JumpKernel::id).toList();
    }

    /**
     * The kernel with configuration id {@code id}.
     *
     * @throws ConfigException naming the field {@code kernel}, the value found and the allowed ids
     */
    public static JumpKernel fromId(String id) {
        for (JumpKernel kernel : values()) {
            if (kernel.id().equals(id)) {
                return kernel;
            }
        }
        throw ConfigException.outOfRange("kernel", "'" + id + "'", "one of " + ids());
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    /** erfc(x) for x ≥ 0, to about 1e-15 absolute (relative for x ≥ 3). */
    static double erfc(double x) {
        if (x < 3) {
            return 1 - erfSeries(x);
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated backwards.
        double tail = x;
        for (int m = 120; m >= 1; m--) {
            tail = x + (m / 2.0) / tail;
        }
        return Math.exp(-x * x) / (Math.sqrt(Math.PI) * tail);
    }

    /** erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3·…·(2n+1)): all terms positive, no cancellation. */
    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
