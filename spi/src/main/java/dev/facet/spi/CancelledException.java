package dev.facet.spi;

/** Work stopped because its {@link dev.facet.spi.run.CancellationToken} was cancelled. */
public class CancelledException extends FacetException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }
}
