package dev.facet.extractors;

import dev.facet.extractors.onnx.TensorInfo;
import dev.facet.spi.BackboneException;
import dev.facet.spi.ConfigException;
import dev.facet.spi.backbone.ChannelOrder;
import dev.facet.spi.backbone.InputSpec;
import dev.facet.spi.backbone.ResizeMode;
import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocessing given as backbone settings rather than in a model descriptor: {@code input_size},
 * {@code mean}, {@code std}, {@code order} and {@code resize}, declared here once for every backbone
 * that takes them (the ONNX and TorchScript factories add {@link #SETTINGS} to their own), and how
 * they combine with what the model says ({@link #resolve}): the input spec comes from the descriptor,
 * else from the ONNX graph's input shape, and each setting given replaces its field.
 *
 * @param size   the input height and width, or null
 * @param mean   one value for all channels or one per channel, or null
 * @param std    one value for all channels or one per channel, each above 0, or null
 * @param order  the channel order, or null
 * @param resize the resize mode, or null
 */
public record InputOptions(InputSize size, List<Float> mean, List<Float> std, ChannelOrder order, ResizeMode resize) {
    private static final Logger LOG = LoggerFactory.getLogger(InputOptions.class);

    /** Description of {@link #INPUT_SIZE}, also the {@code --help} of the command-line option that sets it. */
    public static final String INPUT_SIZE_TEXT = "input height and width in pixels, N for a square or HxW "
            + "(default: the model descriptor's, else the ONNX input's fixed size)";
    /** Description of {@link #MEAN}, also the {@code --help} of the command-line option that sets it. */
    public static final String MEAN_TEXT = "per-channel mean subtracted from pixels in [0, 1], one value for all "
            + "channels or one per channel (default: the model descriptor's, else 0)";
    /** Description of {@link #STD}, also the {@code --help} of the command-line option that sets it. */
    public static final String STD_TEXT = "per-channel standard deviation the pixels are divided by after the mean, "
            + "one value for all channels or one per channel, each > 0 (default: the model descriptor's, else 1)";
    /** Description of {@link #ORDER}, also the {@code --help} of the command-line option that sets it. */
    public static final String ORDER_TEXT = "colour channels the model takes; gray is one channel, the others three "
            + "(default: the model descriptor's, else gray for a 1-channel ONNX input and rgb for 3)";
    /** Description of {@link #RESIZE}, also the {@code --help} of the command-line option that sets it. */
    public static final String RESIZE_TEXT = "how an image of any size becomes the input size; center-crop and "
            + "centre-crop stand for shorter-side-center-crop (default: the model descriptor's, else stretch)";

    /** Backbone setting {@code input_size}. */
    public static final Setting<InputSize> INPUT_SIZE = Setting.formatted("input_size", InputFormats.INPUT_SIZE,
            INPUT_SIZE_TEXT).optional();
    /** Backbone setting {@code mean}. */
    public static final Setting<List<Float>> MEAN = Setting.formatted("mean", InputFormats.NUMBERS, MEAN_TEXT).optional();
    /** Backbone setting {@code std}. */
    public static final Setting<List<Float>> STD = Setting.formatted("std", InputFormats.POSITIVE_NUMBERS, STD_TEXT)
            .optional();
    /** Backbone setting {@code order}; its choices are {@link InputNames#channelOrders()}. */
    public static final Setting<String> ORDER = Setting.choice("order", InputNames.channelOrders(), ORDER_TEXT).optional();
    /** Backbone setting {@code resize}; its choices are {@link InputNames#resizeModes()}. */
    public static final Setting<String> RESIZE = Setting.choice("resize", InputNames.resizeModes(), RESIZE_TEXT)
            .optional();
    /** The preprocessing settings, in this order. */
    public static final Settings SETTINGS = Settings.of(INPUT_SIZE, MEAN, STD, ORDER, RESIZE);

    /** No setting given: the descriptor's or the graph's input spec as it is. */
    public static final InputOptions NONE = new InputOptions(null, null, null, null, null);

    public InputOptions {
        mean = mean == null ? null : List.copyOf(mean);
        std = std == null ? null : List.copyOf(std);
    }

    /** Settings that give every field of {@code spec}, so that {@link #resolve} returns it whatever else is known. */
    public static InputOptions of(InputSpec spec) {
        List<Float> mean = new ArrayList<>();
        List<Float> std = new ArrayList<>();
        for (int c = 0; c < spec.channels(); c++) {
            mean.add(spec.mean()[c]);
            std.add(spec.std()[c]);
        }
        return new InputOptions(new InputSize(spec.height(), spec.width()), mean, std, spec.order(), spec.resize());
    }

    /**
     * Whether these settings, the descriptor's input spec or the graph's declared input shape give the
     * input's height and width; when none does, {@link #resolve} fails asking for {@link #INPUT_SIZE}.
     */
    public boolean givesSize(InputSpec described, long[] graphShape) {
        return size != null || described != null
                || graphShape != null && graphShape.length == 4 && graphShape[2] > 0 && graphShape[3] > 0;
    }

    /** The settings of {@link #SETTINGS} among {@code values} (a schema that includes them). */
    public static InputOptions from(Settings.Values values) {
        String order = values.get(ORDER);
        String resize = values.get(RESIZE);
        return new InputOptions(values.get(INPUT_SIZE), values.get(MEAN), values.get(STD),
                order == null ? null : InputNames.order(order, ORDER.name()),
                resize == null ? null : InputNames.resize(resize, RESIZE.name()));
    }

    /**
     * The input spec of {@code model}: {@code described} (a descriptor's), else one made from
     * {@code graphShape} (the ONNX input's (n, c, h, w), -1 for a symbolic dimension), with every
     * setting given here replacing its field. Without a descriptor the resize mode is {@code stretch}
     * and a mean or std no one gives is 0 or 1, with a warning.
     *
     * @param model      names the model in messages
     * @param described  the descriptor's input spec, or null without a descriptor
     * @param graphShape the shape the model declares for its pixel input, or null when it has none
     * @throws ConfigException naming the setting to give when the size or channels are not known, or the
     *                         setting whose value does not fit the model's declared input or the channels
     */
    public InputSpec resolve(String model, InputSpec described, long[] graphShape) {
        boolean image = graphShape != null && graphShape.length == 4;
        if (graphShape != null && !image && described == null) {
            throw new BackboneException(model + ": the model's input has shape " + TensorInfo.shapeText(graphShape)
                    + "; Facet feeds it images as (n, c, h, w)");
        }
        long[] declared = image ? graphShape : new long[] {-1, -1, -1, -1};
        ChannelOrder chosen = channelOrder(model, described, declared);
        int channels = chosen == ChannelOrder.GRAY ? 1 : 3;
        InputSize hw = size(model, described, declared);
        float[] mean = perChannel(model, MEAN.name(), this.mean, described == null ? null : described.mean(), channels);
        float[] std = perChannel(model, STD.name(), this.std, described == null ? null : described.std(), channels);
        List<String> defaults = new ArrayList<>();
        if (mean == null) {
            mean = new float[channels];
            defaults.add("mean 0");
        }
        if (std == null) {
            std = new float[channels];
            Arrays.fill(std, 1f);
            defaults.add("std 1");
        }
        if (!defaults.isEmpty()) {
            LOG.warn("{}: neither a model descriptor nor a backbone setting gives the pixel normalisation; using {} "
                    + "(give mean and std)", model, String.join(" and ", defaults));
        }
        ResizeMode mode = resize != null ? resize : described != null ? described.resize() : ResizeMode.STRETCH;
        return new InputSpec(channels, hw.height(), hw.width(), chosen, mode, mean, std);
    }

    private ChannelOrder channelOrder(String model, InputSpec described, long[] declared) {
        long graphChannels = declared[1];
        if (order != null) {
            int channels = order == ChannelOrder.GRAY ? 1 : 3;
            if (graphChannels > 0 && graphChannels != channels) {
                throw new ConfigException(model + ": invalid " + ORDER.name() + ": '" + InputNames.of(order) + "' gives "
                        + channels + " channel(s), but the model's input takes " + graphChannels + " (shape "
                        + TensorInfo.shapeText(declared) + ")");
            }
            return order;
        }
        if (described != null) {
            return described.order();
        }
        if (graphChannels == 1 || graphChannels == 3) {
            return graphChannels == 1 ? ChannelOrder.GRAY : ChannelOrder.RGB;
        }
        if (graphChannels > 0) {
            throw new BackboneException(model + ": the model's input has shape " + TensorInfo.shapeText(declared)
                    + "; Facet feeds it images of 1 channel (gray) or 3 (rgb, bgr)");
        }
        throw new ConfigException(model + ": the input's channels are not known: no model descriptor gives them and "
                + declaredText(declared) + "; give " + ORDER.name() + " ("
                + String.join(", ", InputNames.channelOrders()) + ") for a 1- or 3-channel input");
    }

    private InputSize size(String model, InputSpec described, long[] declared) {
        if (size != null) {
            boolean fits = (declared[2] < 1 || declared[2] == size.height()) && (declared[3] < 1 || declared[3] == size.width());
            if (!fits) {
                throw new ConfigException(model + ": invalid " + INPUT_SIZE.name() + ": " + size + "; the model's input "
                        + "has shape " + TensorInfo.shapeText(declared));
            }
            return size;
        }
        if (described != null) {
            return new InputSize(described.height(), described.width());
        }
        if (declared[2] > 0 && declared[3] > 0) {
            return new InputSize((int) Math.min(declared[2], Integer.MAX_VALUE), (int) Math.min(declared[3], Integer.MAX_VALUE));
        }
        throw new ConfigException(model + ": the input size is not known: no model descriptor gives it and "
                + declaredText(declared) + "; give " + INPUT_SIZE.name() + " (N or HxW, e.g. 224)");
    }

    /**
     * The given values, else the descriptor's, one for all channels or one per channel, spread over
     * {@code channels}; null when neither gives them.
     */
    private static float[] perChannel(String model, String key, List<Float> given, float[] described, int channels) {
        float[] values = described;
        if (given != null) {
            values = new float[given.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = given.get(i);
            }
        }
        if (values == null) {
            return null;
        }
        if (values.length != 1 && values.length != channels) {
            throw new ConfigException(given != null
                    ? model + ": invalid " + key + ": " + given + "; expected 1 value or " + channels
                            + ", one per channel of the " + channels + "-channel input"
                    : model + ": the model descriptor's input." + key + " " + Arrays.toString(described) + " does not "
                            + "fit the " + channels + "-channel input the setting " + ORDER.name() + " gives; give "
                            + key + " too");
        }
        float[] spread = new float[channels];
        for (int c = 0; c < channels; c++) {
            spread[c] = values[values.length == 1 ? 0 : c];
        }
        return spread;
    }

    private static String declaredText(long[] declared) {
        return Arrays.stream(declared).allMatch(dim -> dim < 0) ? "the model does not declare its input's shape"
                : "the model's input has shape " + TensorInfo.shapeText(declared);
    }
}
