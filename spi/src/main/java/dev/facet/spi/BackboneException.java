package dev.facet.spi;

/** A backbone could not be loaded or run (unreadable model, engine failure, bad input batch). */
public class BackboneException extends FacetException {
    private static final long serialVersionUID = 1L;

    public BackboneException(String message) {
        super(message);
    }

    public BackboneException(String message, Throwable cause) {
        super(message, cause);
    }
}
