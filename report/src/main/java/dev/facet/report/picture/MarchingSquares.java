package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Iso-lines of a scalar field by marching squares, the 2-D form of marching cubes (Lorensen &amp;
 * Cline 1987). Grid values sit at cell centres: value {@code (r, c)} is at {@code x = c + 0.5,
 * y = r + 0.5}, which for a map upsampled to an image is the centre of pixel {@code (r, c)}.
 *
 * <p>A grid point is <em>above</em> the level when its value is {@code > level}. Each square of four
 * neighbouring points whose corners are not all on one side gets one or two segments, with end
 * points placed on the square's edges by linear interpolation. The two saddle cases (diagonal
 * corners above, the others not) are resolved by the average of the four corners: the corners on
 * the same side as the average are joined through the middle and the other two are cut off. End
 * points are computed from the edge alone, so neighbouring squares share them exactly and a closed
 * curve comes out as segments that meet end to end.
 */
public final class MarchingSquares {

    /** A line segment from {@code (x0, y0)} to {@code (x1, y1)}, in cell-centre coordinates. */
    public record Segment(double x0, double y0, double x1, double y1) {
    }

    private MarchingSquares() {
    }

    /**
     * The segments of the iso-line of {@code field} (rows = y, columns = x) at {@code level}, square
     * by square in row-major order. A constant field, a field entirely on one side of the level,
     * and a field with fewer than 2 rows or columns give an empty list.
     *
     * @throws InvalidDataException when the field is null or holds NaN or an infinity
     * @throws ConfigException when the level is not finite
     */
    public static List<Segment> isolines(FloatMatrix field, double level) {
        if (field == null) {
            throw new InvalidDataException("marching squares field: expected a FloatMatrix, found null");
        }
        field.requireFinite("marching squares field");
        if (!Double.isFinite(level)) {
            throw ConfigException.outOfRange("iso-level", level, "a finite value");
        }
        List<Segment> segments = new ArrayList<>();
        float[] data = field.data();
        int cols = field.cols();
        for (int r = 0; r + 1 < field.rows(); r++) {
            for (int c = 0; c + 1 < cols; c++) {
                int i = r * cols + c;
                boolean topLeft = data[i] > level;
                if (topLeft != data[i + 1] > level || topLeft != data[i + cols] > level
                        || topLeft != data[i + cols + 1] > level) {
                    addSquare(field, level, r, c, segments);
                }
            }
        }
        return segments;
    }

    /**
     * Corners in cyclic order top-left, top-right, bottom-right, bottom-left; edge {@code i} joins
     * corner {@code i} and corner {@code i + 1} (top, right, bottom, left).
     */
    private static void addSquare(FloatMatrix field, double level, int r, int c, List<Segment> out) {
        int[] rows = {r, r, r + 1, r + 1};
        int[] cols = {c, c + 1, c + 1, c};
        boolean[] above = new boolean[4];
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            double v = field.get(rows[k], cols[k]);
            above[k] = v > level;
            sum += v;
        }
        double[][] points = new double[4][];
        int crossings = 0;
        for (int edge = 0; edge < 4; edge++) {
            int a = edge;
            int b = (edge + 1) % 4;
            if (above[a] != above[b]) {
                // Canonical direction (smaller row, then smaller column first) so that both squares
                // sharing an edge compute bit-identical end points.
                boolean forward = rows[a] < rows[b] || (rows[a] == rows[b] && cols[a] < cols[b]);
                points[edge] = forward
                        ? crossing(field, level, rows[a], cols[a], rows[b], cols[b])
                        : crossing(field, level, rows[b], cols[b], rows[a], cols[a]);
                crossings++;
            }
        }
        if (crossings == 2) {
            int first = -1;
            for (int edge = 0; edge < 4; edge++) {
                if (points[edge] != null) {
                    if (first < 0) {
                        first = edge;
                    } else {
                        out.add(segment(points[first], points[edge]));
                    }
                }
            }
        } else if (crossings == 4) {
            // Saddle: cut off the two corners on the other side of the centre. Cutting off corner k
            // joins edge k − 1 (into the corner) and edge k (out of it).
            boolean centreAbove = sum / 4 > level;
            for (int k = 0; k < 4; k++) {
                if (above[k] != centreAbove) {
                    out.add(segment(points[(k + 3) % 4], points[k]));
                }
            }
        }
    }

    /** The point between grid points (r0, c0) and (r1, c1) where the linear interpolant equals level. */
    private static double[] crossing(FloatMatrix field, double level, int r0, int c0, int r1, int c1) {
        double v0 = field.get(r0, c0);
        double v1 = field.get(r1, c1);
        double t = (level - v0) / (v1 - v0);
        return new double[] {c0 + 0.5 + t * (c1 - c0), r0 + 0.5 + t * (r1 - r0)};
    }

    private static Segment segment(double[] from, double[] to) {
        return new Segment(from[0], from[1], to[0], to[1]);
    }
}
