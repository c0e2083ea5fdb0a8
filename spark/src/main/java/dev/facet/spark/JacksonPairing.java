package dev.facet.spark;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.Manifest;

/**
 * Whether Spark's Scala module of Jackson can run with the Jackson databind this JVM loaded. The module
 * refuses a databind of another minor version at Spark's first job, with an error thrown from a static
 * initializer; that happens when {@code facet.jar} (newer Jackson) comes before Spark's jars on a class path.
 * Checked before a job starts, so that the user reads what to change instead of a stack trace.
 */
final class JacksonPairing {
    /** A class of jackson-module-scala, found as a resource so that no Scala class is loaded. */
    private static final String SCALA_MODULE_CLASS = "com/fasterxml/jackson/module/scala/JacksonModule.class";

    private JacksonPairing() {
    }

    /** What to change when the Scala module on the class path refuses the loaded databind; empty when it does not. */
    static String problem() {
        return problem(scalaModuleVersion(), PackageVersion.VERSION.toString());
    }

    /**
     * What to change when {@code scalaModule} (null when unknown) refuses {@code databind}: it requires the same
     * major and minor version; empty when it does not.
     */
    static String problem(String scalaModule, String databind) {
        if (scalaModule == null || majorMinor(scalaModule).equals(majorMinor(databind))) {
            return "";
        }
        return "Spark's Jackson Scala module " + scalaModule + " cannot run with the Jackson databind " + databind
                + " that comes first on the class path (facet.jar's); put Spark's jars before facet.jar, as "
                + "spark-submit does (java -cp \"$SPARK_HOME/jars/*\":facet.jar dev.facet.cli.FacetCli ...; see "
                + "docs/spark.md)";
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    /** The Bundle-Version of the jar that holds jackson-module-scala, or null when there is none or it has none. */
    private static String scalaModuleVersion() {
        URL url = JacksonPairing.class.getClassLoader().getResource(SCALA_MODULE_CLASS);
        if (url == null) {
            return null;
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return null;
            }
            jar.setUseCaches(false);
            Manifest manifest = jar.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
        } catch (IOException e) {
            return null;
        }
    }
}
