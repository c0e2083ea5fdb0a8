package dev.facet.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a benchmark and prints its JSON report:
 * {@code java -cp facet-bench.jar:... dev.facet.bench.BenchMain gemm --m 1024 --k 768 --n 8192}.
 */
public final class BenchMain {
    private static final Set<String> GEMM_OPTIONS = Set.of("--m", "--k", "--n", "--warmup", "--repeats");

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("gemm")) {
            System.err.println("usage: BenchMain gemm [--m 1024] [--k 768] [--n 8192] [--warmup 2] [--repeats 5]");
            System.exit(2);
        }
        Map<String, Integer> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!GEMM_OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                System.err.println("unknown option or missing value: " + String.join(" ", Arrays.copyOfRange(args, i, args.length))
                        + "; options: " + GEMM_OPTIONS);
                System.exit(2);
            }
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        GemmBenchmark gemm = new GemmBenchmark(options.getOrDefault("--m", 1024), options.getOrDefault("--k", 768),
                options.getOrDefault("--n", 8192), options.getOrDefault("--warmup", 2), options.getOrDefault("--repeats", 5));
        System.out.println(gemm.run().toJson());
    }
}
