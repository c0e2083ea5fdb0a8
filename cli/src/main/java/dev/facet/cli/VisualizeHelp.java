package dev.facet.cli;

import dev.facet.spi.config.Setting;
import dev.facet.spi.config.Settings;
import dev.facet.visualization.MacoSettings;
import dev.facet.visualization.PixelSettings;
import dev.facet.visualization.VisualizationMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The help of {@code facet visualize}'s method settings ({@code --steps}, {@code --crops}, {@code --lr}, ...),
 * written from the declarations of {@link MacoSettings#SETTINGS} and {@link PixelSettings#SETTINGS} so that
 * {@code --help} and docs/cli.md show each method's default without restating it. Picocli finds an option's
 * text under its {@code descriptionKey}, the setting's name. Public because {@link java.util.ResourceBundle}
 * instantiates it by name.
 */
public final class VisualizeHelp extends ListResourceBundle {

    /** The settings of each method, in the order the help lists them. */
    static Map<VisualizationMethod, Settings> settings() {
        Map<VisualizationMethod, Settings> settings = new LinkedHashMap<>();
        settings.put(VisualizationMethod.MACO, MacoSettings.SETTINGS);
        settings.put(VisualizationMethod.PIXEL, PixelSettings.SETTINGS);
        return settings;
    }

    @Override
    protected Object[][] getContents() {
        Map<String, Map<VisualizationMethod, Setting<?>>> byName = new LinkedHashMap<>();
        settings().forEach((method, declared) -> declared.list().forEach(setting ->
                byName.computeIfAbsent(setting.name(), name -> new LinkedHashMap<>()).put(method, setting)));
        List<Object[]> contents = new ArrayList<>();
        byName.forEach((name, declarations) -> contents.add(new Object[] {name, text(declarations)}));
        return contents.toArray(Object[][]::new);
    }

    /** E.g. "Optimisation steps (default: maco 256, pixel 256)" or "Only --method maco: random crops per step (default: 32)". */
    private static String text(Map<VisualizationMethod, Setting<?>> declarations) {
        List<Setting<?>> settings = List.copyOf(declarations.values());
        boolean sameMeaning = settings.stream().map(Setting::description).distinct().count() == 1;
        List<String> parts = new ArrayList<>();
        declarations.forEach((method, setting) -> {
            String id = id(method);
            parts.add(sameMeaning ? id + " " + setting.defaultText()
                    : id + ": " + setting.description() + " (default: " + setting.defaultText() + ")");
        });
        Setting<?> first = settings.get(0);
        String choices = first.choices().isEmpty() ? "" : ", one of " + String.join(", ", first.choices());
        if (declarations.size() == 1) {
            VisualizationMethod only = declarations.keySet().iterator().next();
            return "Only --method " + id(only) + ": " + first.description() + choices + " (default: "
                    + first.defaultText() + ").";
        }
        if (!sameMeaning) {
            return "Per method: " + String.join("; ", parts) + choices + ".";
        }
        return capitalised(first.description()) + choices + " (default: " + String.join(", ", parts) + ").";
    }

    /** The method's id as {@code --method} takes it. */
    static String id(VisualizationMethod method) {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** The method {@code --method} names, if any. */
    static Optional<VisualizationMethod> method(String id) {
        for (VisualizationMethod method : VisualizationMethod.values()) {
            if (id(method).equals(id.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
