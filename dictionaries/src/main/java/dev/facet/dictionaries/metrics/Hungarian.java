package dev.facet.dictionaries.metrics;

import dev.facet.spi.InvalidDataException;
import java.util.Arrays;

/**
 * Minimum-cost assignment (Kuhn 1955; Munkres 1957) by shortest augmenting paths with dual
 * potentials, the O(n²·m) form of Jonker and Volgenant (1987): every row of an n × m cost
 * matrix (n ≤ m) gets a distinct column, minimising the summed cost.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * @param cost row-major n × m costs, n ≤ m, all finite
     * @return for each row, its assigned column
     */
    public static int[] assign(double[] cost, int n, int m) {
        if (n > m) {
            throw new InvalidDataException("Assignment needs rows <= columns, found " + n + " x " + m
                    + "; transpose the cost matrix");
        }
        if (cost.length != (long) n * m) {
            throw new InvalidDataException("Cost matrix has " + cost.length + " entries, expected " + n + " x " + m);
        }
        for (double c : cost) {
            if (!Double.isFinite(c)) {
                throw new InvalidDataException("Assignment costs must be finite, found " + c);
            }
        }
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] owner = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minimum = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            owner[0] = i;
            int column = 0;
            Arrays.fill(minimum, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[column] = true;
                int row = owner[column];
                double delta = Double.POSITIVE_INFINITY;
                int next = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double reduced = cost[(row - 1) * m + (j - 1)] - u[row] - v[j];
                        if (reduced < minimum[j]) {
                            minimum[j] = reduced;
                            way[j] = column;
                        }
                        if (minimum[j] < delta) {
                            delta = minimum[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minimum[j] -= delta;
                    }
                }
                column = next;
            } while (owner[column] != 0);
            do {
                int previous = way[column];
                owner[column] = owner[previous];
                column = previous;
            } while (column != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= m; j++) {
            if (owner[j] != 0) {
                assignment[owner[j] - 1] = j - 1;
            }
        }
        return assignment;
    }
}
