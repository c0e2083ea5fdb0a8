package dev.facet.cli;

/** The {@code --allow-incomplete-store} option shared by the commands that read an activation store. */
final class IncompleteStores {

    /** Help text of the option. */
    static final String HELP = "Use a store whose extraction was interrupted (manifest complete: false), with a warning"
            + " naming the rows it holds; without it such a store is refused (default: false).";

    private IncompleteStores() {
    }
}
