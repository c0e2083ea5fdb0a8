package dev.facet.checks.violations.plugins;

import dev.facet.dictionaries.DictionariesPlugin;

/** Breaks the host rule on purpose: a host class that knows a component module. */
public final class ComponentInHost {
    public String builtin() {
        return new DictionariesPlugin().descriptor().id();
    }
}
