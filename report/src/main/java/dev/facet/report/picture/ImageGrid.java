package dev.facet.report.picture;

import dev.facet.spi.ConfigException;
import dev.facet.spi.InvalidDataException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Lays images out in a grid of cells with a caption under each, e.g. the top images of a concept.
 * The cells are shaped like the images: each holds about {@code cellSize²} pixels with the median
 * aspect ratio of the images (limited to {@value #MAX_CELL_ASPECT}:1 either way), so square images get
 * square cells and text lines or landscape photos get wide ones instead of thin strips in a square.
 * Each image is scaled to fit its cell (aspect ratio kept, enlarged with nearest-neighbour so tiny
 * images stay crisp, see {@link Pictures#fit}) and centred; captions that do not fit are cut with "…".
 * An empty list renders a small "no images" picture rather than failing, so a concept that never
 * fired still gets a picture.
 *
 * <pre>{@code
 * BufferedImage grid = ImageGrid.builder().setColumns(4).optCellSize(128).build().render(images, captions);
 * }</pre>
 */
public final class ImageGrid {

    /** The caption of the picture rendered for an empty list. */
    public static final String EMPTY_CAPTION = "no images";
    /** The widest (and, inverted, the tallest) cell shape, as width over height. */
    public static final double MAX_CELL_ASPECT = 6;

    private final int columns;
    private final int cellSize;
    private final int captionHeight;
    private final int padding;
    private final Color background;
    private final Color textColor;

    private ImageGrid(Builder builder) {
        this.columns = builder.columns;
        this.cellSize = builder.cellSize;
        this.captionHeight = builder.captionHeight;
        this.padding = builder.padding;
        this.background = builder.background;
        this.textColor = builder.textColor;
    }

    /** A builder; {@link Builder#setColumns(int)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Renders {@code images} row by row into one {@link BufferedImage#TYPE_INT_RGB} image, with
     * {@code min(columns, images.size())} columns.
     *
     * @param captions one per image (null entries are blank), or {@code null} for no captions
     * @throws InvalidDataException when {@code images} or one of its entries is null, or the two
     *     lists differ in length
     */
    public BufferedImage render(List<BufferedImage> images, List<String> captions) {
        if (images == null) {
            throw new InvalidDataException("image grid: expected a list of images, found null");
        }
        if (captions != null && captions.size() != images.size()) {
            throw new InvalidDataException("image grid: expected one caption per image (" + images.size()
                    + "), found " + captions.size() + " captions");
        }
        if (images.isEmpty()) {
            return emptyPicture();
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new InvalidDataException("image grid: image " + i + " is null; expected a BufferedImage");
            }
        }
        int[] box = cellBox(images);
        int boxWidth = box[0];
        int boxHeight = box[1];
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int cellWidth = boxWidth + padding;
        int cellHeight = boxHeight + captionHeight + padding;
        BufferedImage out = canvas(cols * cellWidth + padding, rows * cellHeight + padding);
        Graphics2D g = graphics(out);
        try {
            for (int i = 0; i < images.size(); i++) {
                int x = padding + (i % cols) * cellWidth;
                int y = padding + (i / cols) * cellHeight;
                BufferedImage fitted = Pictures.fit(images.get(i), boxWidth, boxHeight);
                g.drawImage(fitted, x + (boxWidth - fitted.getWidth()) / 2, y + (boxHeight - fitted.getHeight()) / 2, null);
                if (captions != null && captions.get(i) != null) {
                    drawCaption(g, captions.get(i), x, y + boxHeight, captionHeight, boxWidth);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The cell's image area, {@code {width, height}}: {@code cellSize × cellSize} for square images,
     * else the same area shaped like the median image.
     */
    int[] cellBox(List<BufferedImage> images) {
        double[] aspects = new double[images.size()];
        for (int i = 0; i < aspects.length; i++) {
            aspects[i] = (double) images.get(i).getWidth() / images.get(i).getHeight();
        }
        Arrays.sort(aspects);
        double median = aspects.length % 2 == 1 ? aspects[aspects.length / 2]
                : Math.sqrt(aspects[aspects.length / 2 - 1] * aspects[aspects.length / 2]);
        double aspect = Math.max(1 / MAX_CELL_ASPECT, Math.min(MAX_CELL_ASPECT, median));
        if (aspect == 1) {
            return new int[] {cellSize, cellSize};
        }
        double root = Math.sqrt(aspect);
        return new int[] {Math.max(1, (int) Math.round(cellSize * root)), Math.max(1, (int) Math.round(cellSize / root))};
    }

    private BufferedImage emptyPicture() {
        int height = Math.max(captionHeight, 16);
        BufferedImage out = canvas(cellSize + 2 * padding, height + 2 * padding);
        Graphics2D g = graphics(out);
        try {
            drawCaption(g, EMPTY_CAPTION, padding, padding, height, cellSize);
        } finally {
            g.dispose();
        }
        return out;
    }

    private BufferedImage canvas(int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return out;
    }

    private Graphics2D graphics(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(Fonts.sans(Font.PLAIN, Math.max(8, Math.min(captionHeight, 16) * 3 / 4)));
        g.setColor(textColor);
        return g;
    }

    /** Draws {@code text} centred in the band of {@code bandHeight} pixels at (x, top), cut to {@code width}. */
    private static void drawCaption(Graphics2D g, String text, int x, int top, int bandHeight, int width) {
        if (bandHeight == 0) {
            return;
        }
        FontMetrics metrics = g.getFontMetrics();
        String fitted = fit(text, metrics, width);
        int baseline = top + (bandHeight + metrics.getAscent() - metrics.getDescent()) / 2;
        g.drawString(fitted, x + (width - metrics.stringWidth(fitted)) / 2, baseline);
    }

    /** {@code text}, or its longest prefix followed by "…" that fits in {@code width} pixels. */
    static String fit(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String ellipsis = "…";
        int end = text.length();
        while (end > 0 && metrics.stringWidth(text.substring(0, end) + ellipsis) > width) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }

    /** Configures an {@link ImageGrid}; {@code set*} values are required, {@code opt*} have defaults. */
    public static final class Builder {
        private int columns;
        private int cellSize = 160;
        private int captionHeight = 18;
        private int padding = 4;
        private Color background = Color.WHITE;
        private Color textColor = new Color(0x222222);

        private Builder() {
        }

        /** Number of columns, ≥ 1 (required). */
        public Builder setColumns(int columns) {
            this.columns = columns;
            return this;
        }

        /** Side of a square cell in pixels (the area of a cell shaped like the images), in [1, 4096]; default 160. */
        public Builder optCellSize(int cellSize) {
            this.cellSize = cellSize;
            return this;
        }

        /** Height of the caption band under each cell in pixels, in [0, 256] (0: no captions); default 18. */
        public Builder optCaptionHeight(int captionHeight) {
            this.captionHeight = captionHeight;
            return this;
        }

        /** Space between and around cells in pixels, in [0, 256]; default 4. */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /** Background colour; default white. */
        public Builder optBackground(Color background) {
            this.background = background;
            return this;
        }

        /** Caption colour; default near-black. */
        public Builder optTextColor(Color textColor) {
            this.textColor = textColor;
            return this;
        }

        /** The grid, after checking every value. */
        public ImageGrid build() {
            check("image grid columns", columns, 1, 1024);
            check("image grid cellSize", cellSize, 1, 4096);
            check("image grid captionHeight", captionHeight, 0, 256);
            check("image grid padding", padding, 0, 256);
            if (background == null || textColor == null) {
                throw new ConfigException("image grid colours: expected non-null background and text colours, found "
                        + background + " and " + textColor);
            }
            return new ImageGrid(this);
        }

        private static void check(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw ConfigException.outOfRange(field, value, "[" + min + ", " + max + "]");
            }
        }
    }
}
