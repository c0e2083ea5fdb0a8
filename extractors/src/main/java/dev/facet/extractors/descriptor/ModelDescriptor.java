package dev.facet.extractors.descriptor;

import static dev.facet.extractors.descriptor.DescriptorKeys.atLeast;
import static dev.facet.extractors.descriptor.DescriptorKeys.required;
import static dev.facet.extractors.descriptor.DescriptorKeys.requireWith;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.facet.extractors.InputNames;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.TokenLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Facet must know about a vision model that its file does not say: preprocessing, and where
 * its hook points live in its ONNX graph or TorchScript outputs. Shipped as JSON resources for the
 * bundled model and common public encoders; users write their own for others.
 *
 * <p>Hook points are named {@code layer.0} (token embeddings, the input of the first block),
 * {@code layer.i} (the residual stream after block i, 1-based, as in Hugging Face's
 * {@code hidden_states[i]}) when the descriptor gives a token layout and a number of blocks,
 * {@code logits} when the model has a classifier, and any names the {@code onnx.hooks} and
 * {@code torchscript.outputs} maps give (a CNN's feature maps, say).
 *
 * @param schema      descriptor format version, {@link #SCHEMA}
 * @param name        model name, also its zoo name
 * @param description one line
 * @param export      how to produce the ONNX / TorchScript file this descriptor fits
 * @param input       preprocessing
 * @param tokens      token layout of the residual stream, or null for a model without one (a CNN)
 * @param layers      number of transformer blocks, 0 without {@code tokens}
 * @param classes     number of logits, 0 when the model has no classifier
 * @param onnx        tensor names in the ONNX graph, or null
 * @param torchscript output positions of the TorchScript model, or null
 */
public record ModelDescriptor(Integer schema, String name, String description, String export, Input input,
                              Tokens tokens, Integer layers, Integer classes, Onnx onnx, TorchScript torchscript) {
    public static final int SCHEMA = 1;
    public static final String LOGITS = "logits";
    private static final String LAYER_PREFIX = "layer.";

    public ModelDescriptor {
        if (required(schema, "schema") != SCHEMA) {
            throw new ConfigException("schema " + schema + " is not supported; expected " + SCHEMA);
        }
        if (required(name, "name").isBlank()) {
            throw new ConfigException("Model descriptor: name must not be blank");
        }
        required(input, "input");
        if (tokens != null || layers != null) {
            required(tokens, "tokens");
            atLeast(layers, "layers", 1);
        }
        layers = layers == null ? 0 : layers;
        classes = classes == null ? 0 : atLeast(classes, "classes", 0);
        if (onnx == null && torchscript == null) {
            throw new ConfigException("missing required key 'onnx' or 'torchscript' (where the hook points are)");
        }
        if (onnx != null) {
            requireWith(onnx.layer() == null && onnx.embed() == null || tokens != null, "onnx.layer' or 'onnx.embed",
                    "'tokens' and 'layers' (the token layout of layer.i)");
            requireWith(onnx.logits() == null || classes > 0, "onnx.logits", "'classes' (the number of logits)");
        }
        if (torchscript != null) {
            requireWith(torchscript.hidden() < 0 || tokens != null, "torchscript.hidden",
                    "'tokens' and 'layers' (the token layout of layer.i)");
            requireWith(torchscript.logits() < 0 || classes > 0, "torchscript.logits", "'classes' (the number of logits)");
            requireWith(torchscript.head() == null || torchscript.hidden() >= 0 && torchscript.logits() >= 0,
                    "torchscript.head", "'torchscript.hidden' and 'torchscript.logits' (it resumes layer.i to the logits)");
        }
        description = description == null ? "" : description;
        export = export == null ? "" : export;
    }

    /** The input spec this model expects. */
    public InputSpec inputSpec() {
        return input.toSpec();
    }

    /** The token layout of every {@code layer.i}, or null when the descriptor gives none. */
    public TokenLayout tokenLayout() {
        return tokens == null ? null
                : new TokenLayout(tokens.channels(), tokens.cls(), tokens.registers(), tokens.grid().get(0), tokens.grid().get(1));
    }

    /**
     * Hook point names this descriptor defines, in model order: {@code layer.0} … {@code layer.<layers>},
     * {@code logits} when there are classes, then the names of {@code onnx.hooks} and
     * {@code torchscript.outputs}. A backbone offers those its own section places.
     */
    public List<String> hookNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; tokens != null && i <= layers; i++) {
            names.add(layerHook(i));
        }
        if (classes > 0) {
            names.add(LOGITS);
        }
        for (Map<String, ?> named : Arrays.asList(onnx == null ? null : onnx.hooks(),
                torchscript == null ? null : torchscript.outputs())) {
            if (named != null) {
                named.keySet().stream().filter(hook -> !names.contains(hook)).forEach(names::add);
            }
        }
        return List.copyOf(names);
    }

    /** The name of hook {@code layer.i}. */
    public static String layerHook(int i) {
        return LAYER_PREFIX + i;
    }

    /** The index i of a {@code layer.i} hook, or -1 for another name. */
    public static int layerIndex(String hook) {
        if (hook.startsWith(LAYER_PREFIX)) {
            try {
                return Integer.parseInt(hook.substring(LAYER_PREFIX.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** A copy of {@code named} with its order, each name checked: not blank and not a name Facet gives itself. */
    private static <V> Map<String, V> namedHooks(Map<String, V> named, String key) {
        if (named == null) {
            return Map.of();
        }
        for (Map.Entry<String, V> entry : named.entrySet()) {
            String hook = entry.getKey();
            if (hook.isBlank() || LOGITS.equals(hook) || hook.startsWith(LAYER_PREFIX)) {
                throw ConfigException.outOfRange(key + " name", "'" + hook + "'",
                        "a name other than '" + LOGITS + "' and 'layer.*', which the descriptor defines itself");
            }
            required(entry.getValue(), key + "." + hook);
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(named));
    }

    /**
     * Preprocessing. Every key is required; {@code mean} and {@code std} take one value for all
     * channels or one per channel.
     *
     * @param channels 1 or 3
     * @param height   input height
     * @param width    input width
     * @param order    gray, rgb or bgr (any name of {@link InputNames#channelOrders()})
     * @param resize   any name of {@link InputNames#resizeModes()}
     * @param mean     per-channel mean of [0, 1] pixels
     * @param std      per-channel std, each above 0
     */
    public record Input(Integer channels, Integer height, Integer width, String order, String resize, float[] mean,
                        float[] std) {
        public Input {
            if (required(channels, "input.channels") != 1 && channels != 3) {
                throw ConfigException.outOfRange("input.channels", channels, "1 or 3");
            }
            atLeast(height, "input.height", 1);
            atLeast(width, "input.width", 1);
            ChannelOrder parsed = InputNames.order(required(order, "input.order"), "input.order");
            if ((parsed == ChannelOrder.GRAY) != (channels == 1)) {
                throw new ConfigException("input.order '" + order + "' does not fit input.channels " + channels
                        + " (gray is 1 channel, rgb and bgr are 3)");
            }
            InputNames.resize(required(resize, "input.resize"), "input.resize");
            mean = perChannel(mean, channels, "input.mean", false);
            std = perChannel(std, channels, "input.std", true);
        }

        private static float[] perChannel(float[] values, int channels, String key, boolean positive) {
            required(values, key);
            boolean finite = true;
            for (float value : values) {
                finite &= Float.isFinite(value) && (!positive || value > 0);
            }
            if (!finite || values.length != 1 && values.length != channels) {
                throw ConfigException.outOfRange(key, Arrays.toString(values), "1 or " + channels + " finite values"
                        + (positive ? " above 0" : ""));
            }
            float[] spread = new float[channels];
            Arrays.fill(spread, values[0]);
            return values.length == channels ? values.clone() : spread;
        }

        InputSpec toSpec() {
            return new InputSpec(channels, height, width, InputNames.order(order, "input.order"),
                    InputNames.resize(resize, "input.resize"), mean, std);
        }

    }

    /**
     * Token layout. Every key is required.
     *
     * @param channels  token width
     * @param cls       whether token 0 is CLS
     * @param registers register tokens after CLS
     * @param grid      patch grid [rows, columns]
     * @param patchSize patch side in pixels
     */
    public record Tokens(Integer channels, Boolean cls, Integer registers, List<Integer> grid,
                         @JsonProperty("patch_size") Integer patchSize) {
        public Tokens {
            atLeast(channels, "tokens.channels", 1);
            required(cls, "tokens.cls");
            atLeast(registers, "tokens.registers", 0);
            if (required(grid, "tokens.grid").size() != 2 || grid.contains(null) || grid.get(0) < 1 || grid.get(1) < 1) {
                throw ConfigException.outOfRange("tokens.grid", grid, "[rows, columns], each >= 1");
            }
            atLeast(patchSize, "tokens.patch_size", 1);
        }
    }

    /**
     * Where hooks live in an ONNX export.
     *
     * @param input  the pixel input's name, or null for the graph's only input
     * @param embed  tensor of {@code layer.0}, or null
     * @param layer  pattern of {@code layer.i}'s tensor, with {@code {block}} standing for the
     *               0-based index i - 1 of the block whose output it is, or null
     * @param logits tensor of the logits, or null
     * @param hooks  more hook points: name to tensor name, in order; empty when not given
     */
    public record Onnx(String input, String embed, String layer, String logits, Map<String, String> hooks) {
        public Onnx {
            if (layer != null && !layer.contains("{block}")) {
                throw new ConfigException("onnx.layer must contain '{block}', found '" + layer + "'");
            }
            hooks = namedHooks(hooks, "onnx.hooks");
        }

        /** The ONNX tensor of hook {@code hook}, or null for a hook this section does not place. */
        public String tensorOf(String hook) {
            if (LOGITS.equals(hook)) {
                return logits;
            }
            int i = layerIndex(hook);
            if (i == 0) {
                return embed;
            }
            if (i > 0) {
                return layer == null ? null : layer.replace("{block}", String.valueOf(i - 1));
            }
            return hooks.get(hook);
        }
    }

    /**
     * Where hooks live among a TorchScript model's outputs (the elements of the tuple its
     * {@code forward(x)} returns).
     *
     * @param logits  output index of the logits, -1 when absent (the default)
     * @param hidden  output index of the hidden states stacked as (n, layers + 1, tokens, channels),
     *                -1 when absent (the default)
     * @param outputs more hook points: name to output index, in order; empty when not given. Their
     *                layouts come from the shapes of a first forward pass
     * @param head    file name, beside the model, of a TorchScript module {@code forward(hidden, layer) -> logits}
     *                that runs the rest of the model from {@code layer.<layer>} (hidden (n, tokens, channels),
     *                layer a 0-d int64 tensor), or null when the model has none
     *                (docs/algorithms.md#resuming-from-a-hook)
     */
    public record TorchScript(Integer logits, Integer hidden, Map<String, Integer> outputs, String head) {
        public TorchScript {
            if (head != null && (head.isBlank() || head.contains("/") || head.contains("\\"))) {
                throw ConfigException.outOfRange("torchscript.head", "'" + head + "'",
                        "a file name beside the model, without a directory");
            }
            logits = logits == null ? -1 : atLeast(logits, "torchscript.logits", -1);
            hidden = hidden == null ? -1 : atLeast(hidden, "torchscript.hidden", -1);
            outputs = namedHooks(outputs, "torchscript.outputs");
            outputs.forEach((hook, index) -> atLeast(index, "torchscript.outputs." + hook, 0));
        }

        /** The output index of hook {@code hook}, or -1 for a hook this section does not place. */
        public int indexOf(String hook) {
            if (LOGITS.equals(hook)) {
                return logits;
            }
            if (layerIndex(hook) >= 0) {
                return hidden;
            }
            return outputs.getOrDefault(hook, -1);
        }
    }
}
