package dev.facet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JacksonPairingTest {

    @Test
    void aScalaModuleOfAnotherMinorVersionThanTheLoadedDatabindIsNamedWithTheClassPathOrderToUse() {
        String problem = JacksonPairing.problem("2.18.2", "2.21.3");
        assertTrue(problem.contains("2.18.2") && problem.contains("2.21.3"), problem);
        assertTrue(problem.contains("\"$SPARK_HOME/jars/*\":facet.jar"), problem);
    }

    @Test
    void theSameMinorVersionOrNoScalaModuleIsNoProblem() {
        assertEquals("", JacksonPairing.problem("2.21.4", "2.21.3"));
        assertEquals("", JacksonPairing.problem(null, "2.21.3"));
    }

    @Test
    void theTestClassPathPairsThem() {
        assertEquals("", JacksonPairing.problem());
    }
}
