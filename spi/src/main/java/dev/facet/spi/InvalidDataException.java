package dev.facet.spi;

/** Input data is unusable: a shape mismatch, NaN or infinite values, an empty batch. */
public class InvalidDataException extends FacetException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }
}
