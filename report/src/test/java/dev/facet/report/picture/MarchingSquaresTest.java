package dev.facet.report.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.report.picture.MarchingSquares.Segment;
import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import dev.facet.spi.tensor.FloatMatrix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarchingSquaresTest {

    private static final double EPS = 1e-9;

    @Test
    void singlePeakGivesADiamondAroundIt() {
        FloatMatrix field = FloatMatrix.zeros(5, 5);
        field.set(2, 2, 1);
        List<Segment> segments = MarchingSquares.isolines(field, 0.5);
        assertEquals(4, segments.size());
        assertClosed(segments);
        // Crossings halfway between the peak (x = y = 2.5) and its four neighbours.
        for (Segment s : segments) {
            assertEquals(0.5, Math.abs(s.x0() - 2.5) + Math.abs(s.y0() - 2.5), EPS);
            assertEquals(0.5, Math.abs(s.x1() - 2.5) + Math.abs(s.y1() - 2.5), EPS);
        }
    }

    @Test
    void smoothBumpGivesOneClosedLoopAtTheRightRadius() {
        int n = 21;
        float[] data = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double d2 = (r - 10) * (r - 10) + (c - 10) * (c - 10);
                data[r * n + c] = (float) Math.exp(-d2 / 32);
            }
        }
        double level = Math.exp(-0.5); // radius 4 (d² = 16)
        List<Segment> segments = MarchingSquares.isolines(new FloatMatrix(n, n, data), level);
        assertTrue(segments.size() > 16, "segments: " + segments.size());
        assertClosed(segments);
        for (Segment s : segments) {
            double radius = Math.hypot(s.x0() - 10.5, s.y0() - 10.5);
            assertEquals(4, radius, 0.25);
        }
    }

    @Test
    void rampGivesAStraightLineAtTheInterpolatedPosition() {
        FloatMatrix columns = field(4, 6, (r, c) -> c);
        List<Segment> vertical = MarchingSquares.isolines(columns, 2.25);
        assertEquals(3, vertical.size());
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (Segment s : vertical) {
            assertEquals(2.75, s.x0(), EPS);
            assertEquals(2.75, s.x1(), EPS);
            top = Math.min(top, Math.min(s.y0(), s.y1()));
            bottom = Math.max(bottom, Math.max(s.y0(), s.y1()));
        }
        assertEquals(0.5, top, EPS);
        assertEquals(3.5, bottom, EPS);

        List<Segment> horizontal = MarchingSquares.isolines(field(5, 3, (r, c) -> 10 * r), 35);
        assertEquals(2, horizontal.size());
        for (Segment s : horizontal) {
            assertEquals(4.0, s.y0(), EPS);
            assertEquals(4.0, s.y1(), EPS);
        }
    }

    @Test
    void flatOrDegenerateFieldsGiveNothing() {
        assertTrue(MarchingSquares.isolines(field(6, 6, (r, c) -> 3), 3).isEmpty());
        assertTrue(MarchingSquares.isolines(field(6, 6, (r, c) -> 3), 1).isEmpty());
        assertTrue(MarchingSquares.isolines(field(1, 1, (r, c) -> 3), 1).isEmpty());
        assertTrue(MarchingSquares.isolines(field(1, 7, (r, c) -> c), 2.5).isEmpty());
        assertTrue(MarchingSquares.isolines(field(5, 5, (r, c) -> r + c), 100).isEmpty());
    }

    @Test
    void saddleFollowsTheAverageOfTheCorners() {
        FloatMatrix saddle = FloatMatrix.of(new float[][] {{1, 0}, {0, 1}});
        // Average 0.5 is not above 0.5: the two high corners (top-left, bottom-right) are cut off.
        List<Segment> cut = MarchingSquares.isolines(saddle, 0.5);
        assertEquals(2, cut.size());
        assertTrue(hasSegment(cut, 0.5, 1.0, 1.0, 0.5), cut.toString());
        assertTrue(hasSegment(cut, 1.5, 1.0, 1.0, 1.5), cut.toString());
        // Average 0.5 is above 0.4: the high corners join through the middle, the low ones are cut off.
        List<Segment> joined = MarchingSquares.isolines(saddle, 0.4);
        assertEquals(2, joined.size());
        assertTrue(hasSegment(joined, 1.1, 0.5, 1.5, 0.9), joined.toString());
        assertTrue(hasSegment(joined, 0.5, 1.1, 0.9, 1.5), joined.toString());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(InvalidDataException.class, () -> MarchingSquares.isolines(null, 0));
        FloatMatrix nan = FloatMatrix.zeros(3, 3);
        nan.set(1, 1, Float.NaN);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> MarchingSquares.isolines(nan, 0));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(ConfigException.class, () -> MarchingSquares.isolines(FloatMatrix.zeros(3, 3), Double.NaN));
    }

    /** Every end point is shared by exactly two segments. */
    private static void assertClosed(List<Segment> segments) {
        Map<List<Double>, Integer> uses = new HashMap<>();
        for (Segment s : segments) {
            uses.merge(List.of(s.x0(), s.y0()), 1, Integer::sum);
            uses.merge(List.of(s.x1(), s.y1()), 1, Integer::sum);
        }
        uses.forEach((point, count) -> assertEquals(2, count, "end point " + point));
    }

    private static boolean hasSegment(List<Segment> segments, double ax, double ay, double bx, double by) {
        for (Segment s : segments) {
            boolean forward = near(s.x0(), ax) && near(s.y0(), ay) && near(s.x1(), bx) && near(s.y1(), by);
            boolean backward = near(s.x0(), bx) && near(s.y0(), by) && near(s.x1(), ax) && near(s.y1(), ay);
            if (forward || backward) {
                return true;
            }
        }
        return false;
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) < 1e-6;
    }

    private interface Cell {
        double value(int r, int c);
    }

    private static FloatMatrix field(int rows, int cols, Cell cell) {
        float[] data = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                data[r * cols + c] = (float) cell.value(r, c);
            }
        }
        return new FloatMatrix(rows, cols, data);
    }
}
