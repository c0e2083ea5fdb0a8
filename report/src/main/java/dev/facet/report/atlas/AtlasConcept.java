package dev.facet.report.atlas;

import dev.facet.spi.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One concept of the atlas.
 *
 * @param id             concept index (row of the dictionary)
 * @param energy         energy of its codes, ‖mean(zᵢ)·Dᵢ‖₂ over all tokens
 * @param frequency      fraction of tokens on which it fires (code &gt; 0)
 * @param stability      cosine of its matched atom in a dictionary trained with another seed, or {@code null}
 * @param maxActivation  largest code seen
 * @param topImages      its top images, best first
 * @param nearest        nearest concepts by decoder cosine, closest first
 * @param thumbnail      small picture for the grid (best image with its heatmap), or {@code null}
 * @param topGrid        grid of the top images with heatmaps and captions, or {@code null}
 * @param evidenceGrid   grid of the evidence views of the top images, or {@code null}
 * @param zoomGrid       grid of zoom crops around each top image's peak, or {@code null}
 * @param histogram      activation histogram of its non-zero codes, or {@code null}
 * @param attribution    attribution maps (e.g. occlusion) of the concept on its first top images, or {@code null}
 * @param extras         pictures made by plugin visualizers, in display order (possibly empty)
 */
public record AtlasConcept(int id, double energy, double frequency, Double stability, double maxActivation,
                           List<TopImage> topImages, List<Neighbour> nearest, String thumbnail, String topGrid,
                           String evidenceGrid, String zoomGrid, String histogram, String attribution,
                           List<Picture> extras) {

    public AtlasConcept {
        extras = extras == null ? List.of() : List.copyOf(extras);
        topImages = topImages == null ? List.of() : List.copyOf(topImages);
        nearest = nearest == null ? List.of() : List.copyOf(nearest);
    }

    /** Whether the concept fired on any token. */
    public boolean alive() {
        return frequency > 0;
    }

    /**
     * One of a concept's top images.
     *
     * @param image  index of the image in the image source
     * @param name   the image's name (file name or {@code source#index})
     * @param score  the image's score: mean or max of its concept map
     */
    public record TopImage(long image, String name, double score) {
    }

    /**
     * A picture made by a visualizer.
     *
     * @param caption what it shows (e.g. the visualizer id)
     * @param path    the PNG, relative to the atlas directory
     * @param kind    {@code null} for a plain plugin picture, shown after the built-in ones; or one of the
     *                three pictures of a feature visualization ({@link #FEATURE_IMAGE},
     *                {@link #FEATURE_TRANSPARENCY}, {@link #FEATURE_PRODUCT}), which the concept page shows
     *                beside its top images, grouped by caption
     */
    public record Picture(String caption, String path, String kind) {

        /** The image a feature visualization optimised (MACO, Fel et al. 2023, or the pixel baseline). */
        public static final String FEATURE_IMAGE = "feature-image";
        /** A feature visualization's transparency: the input gradients it accumulated, per pixel. */
        public static final String FEATURE_TRANSPARENCY = "feature-transparency";
        /** A feature visualization's image times its transparency. */
        public static final String FEATURE_PRODUCT = "feature-product";

        private static final Set<String> KINDS = Set.of(FEATURE_IMAGE, FEATURE_TRANSPARENCY,
                FEATURE_PRODUCT);

        public Picture {
            if (kind != null && !KINDS.contains(kind)) {
                throw new ConfigException("Atlas picture '" + path + "': unknown kind '" + kind
                        + "'; expected null or one of " + new TreeSet<>(KINDS));
            }
        }

        /** A plain plugin picture. */
        public Picture(String caption, String path) {
            this(caption, path, null);
        }
    }

    /**
     * A concept near this one.
     *
     * @param id     the other concept
     * @param cosine cosine between the two decoder atoms
     */
    public record Neighbour(int id, double cosine) {
    }
}
