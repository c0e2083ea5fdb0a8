package dev.facet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILLs {@code facet run} at random moments of each of its stages (extract, train, evaluate,
 * report), reruns it to completion, and checks that every artifact (store shards and manifest,
 * dictionary and checkpoint, metrics, atlas) equals that of an uninterrupted run
 * ({@link FaultPipeline}). {@code -Dfacet.kill.moments=N} kills N times per stage
 * (default 1, about 30 s each); {@code -Dfacet.kill.seed=S} repeats the moments of a failure,
 * whose message names its seed.
 */
class PipelineKillResumeTest {
    private static final int MOMENTS = Integer.getInteger("facet.kill.moments", 1);
    private static final long SEED = Long.getLong("facet.kill.seed", System.nanoTime());

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    @Test
    void aPipelineKilledDuringExtractionResumesToTheSameArtifacts() throws Exception {
        Path store = FaultPipeline.output().resolve("store");
        killAndResume("extract", random -> {
            int shards = random.nextInt(FaultPipeline.SHARDS - 1);
            return new Moment("after " + shards + " shards", () -> {
                JsonNode manifest = CliProcesses.json(store.resolve("manifest.json"));
                return manifest != null && manifest.path("shards").size() >= shards;
            }, random.nextInt(40));
        });
    }

    @Test
    void aPipelineKilledDuringTrainingResumesToTheSameArtifacts() throws Exception {
        Path checkpoint = FaultPipeline.output().resolve("dictionary/checkpoint/checkpoint.json");
        killAndResume("train", random -> {
            int checkpoints = random.nextInt(FaultPipeline.STEPS / FaultPipeline.CHECKPOINT_EVERY - 1);
            return new Moment("after " + checkpoints + " checkpoints", () -> {
                JsonNode written = CliProcesses.json(checkpoint);
                long step = written == null ? 0 : written.path("step").asLong();
                return FaultPipeline.running("train") && step >= (long) checkpoints * FaultPipeline.CHECKPOINT_EVERY;
            }, random.nextInt(100));
        });
    }

    @Test
    void aPipelineKilledDuringEvaluationResumesToTheSameArtifacts() throws Exception {
        Path reference = FaultPipeline.reference(cli);
        JsonNode state = CliProcesses.json(reference.resolve("pipeline-state.json"));
        // within the first quarter of the stage, as long as it took in the uninterrupted run
        int window = Math.max(1, (int) (250 * state.path("stages").path("evaluate").path("seconds").asDouble()));
        killAndResume("evaluate", random -> new Moment("after the stage started", () -> FaultPipeline.running("evaluate"),
                random.nextInt(window)));
    }

    @Test
    void aPipelineKilledDuringTheReportResumesToTheSameArtifacts() throws Exception {
        Path reference = FaultPipeline.reference(cli);
        JsonNode state = CliProcesses.json(reference.resolve("pipeline-state.json"));
        // anywhere in the stage, as long as it took in the uninterrupted run
        int window = Math.max(1, (int) (1000 * state.path("stages").path("report").path("seconds").asDouble()));
        killAndResume("report", random -> new Moment("after the stage started", () -> FaultPipeline.running("report"),
                random.nextInt(window)));
    }

    /** When to kill: once {@code reached} holds, after {@code delayMillis} more. */
    private record Moment(String description, BooleanSupplier reached, int delayMillis) {
        @Override
        public String toString() {
            return description + " + " + delayMillis + " ms";
        }
    }

    private interface MomentChooser {
        Moment choose(Random random);
    }

    private void killAndResume(String stage, MomentChooser chooser) throws Exception {
        Path reference = FaultPipeline.reference(cli);
        Path output = FaultPipeline.output();
        Random random = new Random(SEED + stage.hashCode());
        for (int m = 0; m < MOMENTS; m++) {
            Moment moment = chooser.choose(random);
            long started = System.nanoTime();
            // a kill that came after the stage ended is tried again with half the delay
            while (!killedDuring(stage, moment)) {
                System.out.printf(Locale.ROOT, "PipelineKillResumeTest: stage %s had ended at %s; trying again%n",
                        stage, moment);
                assertTrue(moment.delayMillis() > 0, () -> "stage " + stage + " ended before the kill, -Dfacet.kill.seed="
                        + SEED);
                moment = new Moment(moment.description(), moment.reached(), moment.delayMillis() / 2);
            }
            double killedAfter = (System.nanoTime() - started) / 1e9;
            String context = String.format(Locale.ROOT, "stage %s, moment %d of %d (%s), -Dfacet.kill.seed=%d",
                    stage, m + 1, MOMENTS, moment, SEED);
            if (stage.equals("report")) {
                // the atlas is renamed into place whole: after a kill it is absent or complete
                assertTrue(!Files.exists(output.resolve("atlas")) || Files.exists(output.resolve("atlas/index.html")),
                        context + ": a partial atlas under the final name");
            } else {
                assertFalse(Files.exists(output.resolve("atlas/index.html")), context + ": the killed run wrote no atlas");
            }

            boolean checkpointed = Files.isDirectory(output.resolve("dictionary/checkpoint"));
            Path resumedLog = output.resolveSibling("resumed.log");
            long resumed = System.nanoTime();
            int code = cli.run(resumedLog, 300, FaultPipeline.args());
            String log = CliProcesses.text(resumedLog);
            assertEquals(0, code, () -> context + ": the rerun; output:\n" + log);
            if (!stage.equals("extract")) {
                assertTrue(log.contains("Stage extract: complete, skipped"), context + "\n" + log);
            }
            if (stage.equals("train") && checkpointed) {
                assertTrue(log.contains("resuming from the checkpoint"), context + "\n" + log);
            }
            FaultPipeline.assertSameArtifacts(reference, output, context);
            assertFalse(Files.exists(output.resolve(".atlas.partial")), context + ": the staged atlas is cleaned up");
            System.out.printf(Locale.ROOT, "PipelineKillResumeTest: %s: killed after %.1f s, rerun %.1f s%n", context,
                    killedAfter, (System.nanoTime() - resumed) / 1e9);
        }
    }

    /** Runs from scratch, kills the run at {@code moment}, and says whether {@code stage} was still running. */
    private boolean killedDuring(String stage, Moment moment) throws Exception {
        FaultPipeline.clean();
        Path log = FaultPipeline.output().resolveSibling("killed.log");
        Process run = cli.start(log, FaultPipeline.args());
        assertTrue(CliProcesses.awaitWhileAlive(run, moment.reached(), 240),
                () -> "stage " + stage + ": " + moment + " was not reached while facet ran, -Dfacet.kill.seed=" + SEED
                        + "; output:\n" + CliProcesses.text(log));
        Thread.sleep(moment.delayMillis());
        // a run that finished before the kill (the stage may be quicker than in the reference run) counts as too late
        return CliProcesses.killIfAlive(run, log) && FaultPipeline.running(stage);
    }
}
