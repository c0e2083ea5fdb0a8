package dev.facet.extractors.descriptor;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.backbone.TokenLayout;
import java.util.List;
import java.util.Locale;

/**
 * What Facet must know about a vision model that its file does not say: preprocessing, the token
 * layout and where "layer i" lives in its ONNX graph or TorchScript outputs. Shipped as JSON
 * resources for the bundled model and common public encoders; users write their own for others.
 *
 * <p>Hook points are named {@code layer.0} (token embeddings, the input of the first block),
 * {@code layer.i} (the residual stream after block i, 1-based, as in Hugging Face's
 * {@code hidden_states[i]}) and {@code logits} when the model has a classifier.
 *
 * @param schema      descriptor format version, {@link #SCHEMA}
 * @param name        model name, also its zoo name
 * @param description one line
 * @param export      how to produce the ONNX / TorchScript file this descriptor fits
 * @param input       preprocessing
 * @param tokens      token layout of the residual stream
 * @param layers      number of transformer blocks
 * @param classes     number of logits, 0 when the model has no classifier
 * @param onnx        tensor names in the ONNX graph, or null
 * @param torchscript output positions of the TorchScript model, or null
 */
public record ModelDescriptor(int schema, String name, String description, String export, Input input,
                              Tokens tokens, int layers, int classes, Onnx onnx, TorchScript torchscript) {
    public static final int SCHEMA = 1;

    public ModelDescriptor {
        String where = "model descriptor '" + name + "'";
        if (schema != SCHEMA) {
            throw new ConfigException(where + ": schema " + schema + " is not supported; expected " + SCHEMA);
        }
        if (name == null || name.isBlank()) {
            throw new ConfigException("Model descriptor: name must not be blank");
        }
        require(input != null, where + ": missing 'input'");
        require(tokens != null, where + ": missing 'tokens'");
        if (layers < 1) {
            throw ConfigException.outOfRange(where + " layers", layers, ">= 1");
        }
        if (classes < 0) {
            throw ConfigException.outOfRange(where + " classes", classes, ">= 0");
        }
        require(onnx != null || torchscript != null, where + ": needs an 'onnx' or a 'torchscript' section");
        description = description == null ? "" : description;
        export = export == null ? "" : export;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }

    /** The input spec this model expects. */
    public InputSpec inputSpec() {
        return input.toSpec(name);
    }

    /** The token layout of every {@code layer.i}. */
    public TokenLayout tokenLayout() {
        return new TokenLayout(tokens.channels(), tokens.cls(), tokens.registers(), tokens.grid().get(0), tokens.grid().get(1));
    }

    /** Hook point names this descriptor defines, in model order. */
    public List<String> hookNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i <= layers; i++) {
            names.add(layerHook(i));
        }
        if (classes > 0) {
            names.add(LOGITS);
        }
        return List.copyOf(names);
    }

    /** The name of hook {@code layer.i}. */
    public static String layerHook(int i) {
        return "layer." + i;
    }

    public static final String LOGITS = "logits";

    /**
     * The index i of a {@code layer.i} hook, or -1 for another name.
     */
    public static int layerIndex(String hook) {
        if (hook.startsWith("layer.")) {
            try {
                return Integer.parseInt(hook.substring("layer.".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Preprocessing.
     *
     * @param channels 1 or 3
     * @param height   input height
     * @param width    input width
     * @param order    gray, rgb or bgr
     * @param resize   stretch, shorter-side-center-crop or pad
     * @param mean     per-channel mean of [0, 1] pixels
     * @param std      per-channel std
     */
    public record Input(int channels, int height, int width, String order, String resize, float[] mean, float[] std) {
        InputSpec toSpec(String model) {
            return new InputSpec(channels, height, width, parse(ChannelOrder.class, order, model + " input.order"),
                    parse(ResizeMode.class, resize, model + " input.resize"), mean, std);
        }

        private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
            try {
                return Enum.valueOf(type, String.valueOf(value).trim().replace('-', '_').toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ConfigException.outOfRange(field, value, java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Token layout.
     *
     * @param channels  token width
     * @param cls       whether token 0 is CLS
     * @param registers register tokens after CLS
     * @param grid      patch grid [rows, columns]
     * @param patchSize patch side in pixels
     */
    public record Tokens(int channels, boolean cls, int registers, List<Integer> grid,
                         @JsonProperty("patch_size") int patchSize) {
        public Tokens {
            if (grid == null || grid.size() != 2) {
                throw new ConfigException("Model descriptor tokens.grid must be [rows, columns], found " + grid);
            }
        }
    }

    /**
     * Where hooks live in an ONNX export.
     *
     * @param input  the pixel input's name
     * @param embed  tensor of {@code layer.0}
     * @param layer  pattern of {@code layer.i}'s tensor, with {@code {block}} standing for the
     *               0-based index i - 1 of the block whose output it is
     * @param logits tensor of the logits, or null
     */
    public record Onnx(String input, String embed, String layer, String logits) {
        public Onnx {
            if (layer == null || !layer.contains("{block}")) {
                throw new ConfigException("Model descriptor onnx.layer must contain '{block}', found '" + layer + "'");
            }
        }

        /** The ONNX tensor of hook {@code hook}, or null for a hook this section does not define. */
        public String tensorOf(String hook) {
            if (LOGITS.equals(hook)) {
                return logits;
            }
            int i = layerIndex(hook);
            if (i == 0) {
                return embed;
            }
            return i > 0 ? layer.replace("{block}", String.valueOf(i - 1)) : null;
        }
    }

    /**
     * Where hooks live among a TorchScript model's outputs.
     *
     * @param logits output index of the logits, -1 when absent
     * @param hidden output index of the hidden states stacked as (n, layers + 1, tokens, channels)
     */
    public record TorchScript(int logits, int hidden) {
    }
}
