package dev.facet.spi;

import java.util.Set;
import java.util.TreeSet;

/**
 * A component needs a capability that the component it is combined with lacks, for example a
 * gradient attribution paired with a forward-only ONNX backbone. Raised before any work runs.
 */
public class MissingCapabilityException extends FacetException {
    private static final long serialVersionUID = 1L;

    public MissingCapabilityException(String requirer, Set<Capability> required,
                                      String provider, Set<Capability> provided) {
        super(requirer + " requires " + new TreeSet<>(required) + " but " + provider
                + " provides " + new TreeSet<>(provided) + "; missing "
                + missing(required, provided));
    }

    private static Set<Capability> missing(Set<Capability> required, Set<Capability> provided) {
        Set<Capability> missing = new TreeSet<>(required);
        missing.removeAll(provided);
        return missing;
    }

    /** Throws unless {@code provided} contains every capability in {@code required}. */
    public static void check(String requirer, Set<Capability> required,
                             String provider, Set<Capability> provided) {
        if (!provided.containsAll(required)) {
            throw new MissingCapabilityException(requirer, required, provider, provided);
        }
    }
}
