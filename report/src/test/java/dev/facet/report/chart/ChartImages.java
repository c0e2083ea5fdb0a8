package dev.facet.report.chart;

import java.awt.image.BufferedImage;

/** Pixel checks shared by the chart tests. */
final class ChartImages {

    private ChartImages() {
    }

    static int nonWhite(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Pixels whose colour is the bar colour (within a small tolerance). */
    static int barPixels(BufferedImage image) {
        int bar = ChartStyle.BAR.getRGB() & 0xffffff;
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int d = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    d = Math.max(d, Math.abs((rgb >> shift & 0xff) - (bar >> shift & 0xff)));
                }
                if (d < 8) {
                    count++;
                }
            }
        }
        return count;
    }
}
