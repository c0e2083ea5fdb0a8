package dev.facet.spi;

/**
 * Root of every error Facet reports. Unchecked, so APIs never declare {@code throws Exception};
 * messages say what was expected and what was found, and name the file, field or id involved.
 */
public class FacetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FacetException(String message) {
        super(message);
    }

    public FacetException(String message, Throwable cause) {
        super(message, cause);
    }
}
