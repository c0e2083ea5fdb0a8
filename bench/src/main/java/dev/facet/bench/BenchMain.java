package dev.facet.bench;

import dev.facet.extractors.BundledModels;
import dev.facet.extractors.onnx.OnnxBackboneFactory;
import dev.facet.extractors.torch.TorchScriptBackboneFactory;
import dev.facet.json.StrictJson;
import dev.facet.spi.ConfigException;
import dev.facet.spi.FacetException;
import dev.facet.spi.backbone.BackboneFactory;
import dev.facet.spi.config.ConfigValues;
import dev.facet.visualization.MacoSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one benchmark and prints its JSON report:
 * <pre>
 * BenchMain gemm [--m 1024] [--k 768] [--n 8192] [--warmup 2] [--repeats 5]
 * BenchMain extraction [--engine onnx|torchscript] [--model tiny-vit-fmnist] [--images PATH] [--layer layer.4]
 *                      [--batch 64] [--limit 0] [--threads 0] [--repeats 3] [--set KEY=VALUE]...
 * BenchMain sae [--d 768] [--concepts 8192] [--k 32] [--batch 1024] [--samples 32768] [--epochs 2]
 *               [--sparsifier topk|batchtopk]
 * BenchMain nmf [--rows 20000] [--rank 384] [--dim 768] [--concepts 128] [--iterations 200]
 *               [--solvers hals,mu,pgd,anls] [--target 0.0261] [--save-data X.npy]
 * BenchMain report [--images 2000] [--concepts 512] [--k 8] [--epochs 1] [--image-size 112]
 * BenchMain eigen [--d 768] [--warmup 1] [--repeats 3]
 * BenchMain spark-extraction [--engine onnx|torchscript] [--model tiny-vit-fmnist] [--images 2000] [--path PATH]
 *                            [--layer 3] [--batch 64] [--threads 0] [--shard-rows 4900] [--partitions 0]
 *                            [--masters local[1],local[2]]
 *                            [--warmup 256] [--repeats 1]   (Spark on the class path)
 * BenchMain explain [--methods occlusion,rise,sobol,saliency,gradient-input,integrated-gradients,smoothgrad]
 *                   [--models tiny-vit-fmnist,mobilenet-v2] [--images 8] [--photos 2] [--masks 1000] [--designs 16]
 *                   [--bare-repeats 10] [--fidelity true]
 * BenchMain visualize [--methods maco,pixel] [--models tiny-vit-fmnist,mobilenet-v2] [--steps 256] [--crops 32]
 *                     [--photo-steps 16] [--photo-crops 8]
 * BenchMain visualize-acceptance [--concepts 10] [--steps 256] [--crops 32] [--learning-rate 1.0]
 *                                [--optimizer nadam] [--noise 0.08] [--size 0] [--out target/visualize-acceptance]
 * </pre>
 */
public final class BenchMain {
    /** MACO's settings that {@code visualize-acceptance} takes, by option. */
    private static final Map<String, String> MACO_OPTIONS = Map.of("--steps", "steps", "--crops", "crops",
            "--learning-rate", "learning_rate", "--optimizer", "optimizer", "--noise", "noise", "--size", "size");
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "gemm", Set.of("--m", "--k", "--n", "--warmup", "--repeats"),
            "extraction", Set.of("--engine", "--model", "--images", "--layer", "--batch", "--limit", "--threads",
                    "--repeats", "--set"),
            "sae", Set.of("--d", "--concepts", "--k", "--batch", "--samples", "--epochs", "--sparsifier"),
            "nmf", Set.of("--rows", "--rank", "--dim", "--concepts", "--iterations", "--solvers",
                    "--target", "--save-data"),
            "report", Set.of("--images", "--concepts", "--k", "--epochs", "--image-size"),
            "eigen", Set.of("--d", "--warmup", "--repeats"),
            "explain", Set.of("--methods", "--models", "--images", "--photos", "--masks", "--designs", "--bare-repeats",
                    "--fidelity"),
            "visualize", Set.of("--methods", "--models", "--steps", "--crops", "--photo-steps", "--photo-crops"),
            "visualize-acceptance", Set.of("--concepts", "--steps", "--crops", "--learning-rate", "--optimizer", "--noise",
                    "--size", "--out"),
            "spark-extraction", Set.of("--engine", "--model", "--images", "--path", "--layer", "--batch", "--threads",
                    "--shard-rows", "--partitions", "--masters", "--warmup", "--repeats"));

    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args).toJson());
        } catch (FacetException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    public static BenchmarkReport run(String... args) {
        if (args.length == 0 || !OPTIONS.containsKey(args[0])) {
            throw new ConfigException("usage: BenchMain <benchmark> [--option value]...; benchmarks: " + OPTIONS.keySet());
        }
        Map<String, String> options = new HashMap<>();
        Map<String, Object> backboneOptions = new TreeMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!OPTIONS.get(args[0]).contains(args[i]) || i + 1 >= args.length) {
                throw new ConfigException("unknown option or missing value '" + args[i] + "' for " + args[0]
                        + "; options: " + OPTIONS.get(args[0]));
            }
            if (args[i].equals("--set")) {
                backboneOption(backboneOptions, args[i + 1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        if (args[0].equals("gemm")) {
            return new GemmBenchmark(number(options, "--m", 1024), number(options, "--k", 768),
                    number(options, "--n", 8192), number(options, "--warmup", 2), number(options, "--repeats", 5)).run();
        }
        if (args[0].equals("sae")) {
            return new SaeBenchmark(number(options, "--d", 768), number(options, "--concepts", 8192),
                    number(options, "--k", 32), number(options, "--batch", 1024), number(options, "--samples", 32768),
                    number(options, "--epochs", 2), options.getOrDefault("--sparsifier", "topk")).run();
        }
        if (args[0].equals("report")) {
            return new ReportBenchmark(number(options, "--images", 2000), number(options, "--concepts", 512),
                    number(options, "--k", 8), number(options, "--epochs", 1), number(options, "--image-size", 112)).run();
        }
        if (args[0].equals("eigen")) {
            return new EigenBenchmark(number(options, "--d", 768), number(options, "--warmup", 1),
                    number(options, "--repeats", 3)).run();
        }
        if (args[0].equals("explain")) {
            List<String> methods = new ArrayList<>(ExplainBenchmark.PERTURBATION);
            methods.addAll(ExplainBenchmark.GRADIENT);
            return new ExplainBenchmark(new ExplainBenchmark.Options(
                    list(options, "--methods", methods), list(options, "--models", BundledModels.NAMES),
                    number(options, "--images", 8), number(options, "--photos", 2), number(options, "--masks", 1000),
                    number(options, "--designs", 16), number(options, "--bare-repeats", 10),
                    Boolean.parseBoolean(options.getOrDefault("--fidelity", "true")))).run();
        }
        if (args[0].equals("visualize")) {
            return new VisualizeBenchmark(new VisualizeBenchmark.Options(
                    list(options, "--methods", VisualizeBenchmark.METHODS), list(options, "--models", BundledModels.NAMES),
                    number(options, "--steps", 256), number(options, "--crops", 32), number(options, "--photo-steps", 16),
                    number(options, "--photo-crops", 8))).run();
        }
        if (args[0].equals("visualize-acceptance")) {
            Map<String, Object> maco = new HashMap<>();
            MACO_OPTIONS.forEach((option, setting) -> {
                if (options.containsKey(option)) {
                    maco.put(setting, StrictJson.valueOr(options.get(option), options.get(option)));
                }
            });
            return new VisualizeAcceptance(new VisualizeAcceptance.Options(number(options, "--concepts", 10),
                    MacoSettings.from(ConfigValues.of("visualize-acceptance", maco)),
                    Path.of(options.getOrDefault("--out", "target/visualize-acceptance")))).run();
        }
        if (args[0].equals("spark-extraction")) {
            String path = options.get("--path");
            return new SparkExtractionBenchmark(new SparkExtractionBenchmark.Options(
                    options.getOrDefault("--engine", "onnx"), options.getOrDefault("--model", BundledModels.NAMES.get(0)),
                    path == null ? null : Path.of(path), number(options, "--images", 2000),
                    options.getOrDefault("--layer", "3"), number(options, "--batch", 64), number(options, "--threads", 0),
                    number(options, "--shard-rows", 4900), number(options, "--partitions", 0),
                    list(options, "--masters", List.of("local[1]", "local[2]")),
                    number(options, "--warmup", 256), number(options, "--repeats", 1))).run();
        }
        if (args[0].equals("nmf")) {
            return new NmfBenchmark(number(options, "--rows", 20000), number(options, "--rank", 384),
                    number(options, "--dim", 768), number(options, "--concepts", 128),
                    number(options, "--iterations", 200), options.getOrDefault("--solvers", "hals,mu,pgd,anls"),
                    decimal(options, "--target", NmfBenchmark.TARGET),
                    options.containsKey("--save-data") ? Path.of(options.get("--save-data")) : null).run();
        }
        BackboneFactory engine = switch (options.getOrDefault("--engine", "onnx")) {
            case "onnx" -> new OnnxBackboneFactory();
            case "torchscript" -> new TorchScriptBackboneFactory();
            default -> throw new ConfigException("--engine must be onnx or torchscript, found " + options.get("--engine"));
        };
        String images = options.get("--images");
        return new ExtractionBenchmark(new ExtractionBenchmark.Options(engine,
                options.getOrDefault("--model", "tiny-vit-fmnist"), backboneOptions, images == null ? null : Path.of(images),
                options.getOrDefault("--layer", "layer.4"), number(options, "--batch", 64), number(options, "--limit", 0),
                number(options, "--threads", 0), number(options, "--repeats", 3))).run();
    }

    /** A backbone setting {@code KEY=VALUE} (e.g. {@code descriptor=dinov2-small}), repeatable. */
    private static void backboneOption(Map<String, Object> options, String keyValue) {
        int equals = keyValue.indexOf('=');
        if (equals < 1) {
            throw new ConfigException("--set expects KEY=VALUE (a backbone setting), found '" + keyValue + "'");
        }
        String value = keyValue.substring(equals + 1).trim();
        // a number, boolean, list or object as JSON, anything else as text, as facet --set reads it
        options.put(keyValue.substring(0, equals).trim(), StrictJson.valueOr(value, value));
    }

    private static List<String> list(Map<String, String> options, String key, List<String> fallback) {
        String value = options.get(key);
        return value == null ? fallback : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static double decimal(Map<String, String> options, String key, double fallback) {
        String value = options.get(key);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, found '" + value + "'");
        }
    }

    private static int number(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, found '" + value + "'");
        }
    }
}
