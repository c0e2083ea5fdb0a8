package dev.facet.spi.backbone;

import dev.facet.spi.InvalidDataException;

/**
 * A rectangle of cells of a grid (a patch grid or a feature map): rows {@code [firstRow, endRow)} and
 * columns {@code [firstColumn, endColumn)}, never empty.
 *
 * @param firstRow    first row, {@code >= 0}
 * @param endRow      one past the last row, {@code > firstRow}
 * @param firstColumn first column, {@code >= 0}
 * @param endColumn   one past the last column, {@code > firstColumn}
 */
public record GridWindow(int firstRow, int endRow, int firstColumn, int endColumn) {

    public GridWindow {
        if (firstRow < 0 || firstColumn < 0 || endRow <= firstRow || endColumn <= firstColumn) {
            throw new InvalidDataException("A grid window needs 0 <= first < end on both axes, found rows [" + firstRow
                    + ", " + endRow + ") and columns [" + firstColumn + ", " + endColumn + ")");
        }
    }

    /** Every cell of a {@code rows × columns} grid. */
    public static GridWindow whole(int rows, int columns) {
        return new GridWindow(0, rows, 0, columns);
    }

    /** Rows of the window. */
    public int rows() {
        return endRow - firstRow;
    }

    /** Columns of the window. */
    public int columns() {
        return endColumn - firstColumn;
    }

    /** Cells of the window, {@code rows() · columns()}. */
    public int cells() {
        return rows() * columns();
    }

    /** Whether cell {@code (row, column)} lies in the window. */
    public boolean contains(int row, int column) {
        return row >= firstRow && row < endRow && column >= firstColumn && column < endColumn;
    }

    /** Whether cell {@code index} (row-major) of a grid {@code columns} wide lies in the window. */
    public boolean containsCell(int index, int columns) {
        return contains(index / columns, index % columns);
    }

    /** Whether the window is the whole of a {@code rows × columns} grid. */
    public boolean isWhole(int rows, int columns) {
        return firstRow == 0 && firstColumn == 0 && endRow == rows && endColumn == columns;
    }
}
