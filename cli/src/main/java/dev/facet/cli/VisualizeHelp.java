package dev.facet.cli;

import dev.facet.spi.config.Setting;
import dev.facet.visualization.VisualizationMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;

/**
 * The help of {@code facet visualize}'s method settings ({@code --steps}, {@code --crops}, {@code --lr}, ...),
 * written from the methods' declarations ({@link MethodSettings#declared}) so that
 * {@code --help} and docs/cli.md show each method's default without restating it. Picocli finds an option's
 * text under its {@code descriptionKey}, the setting's name. Public because {@link java.util.ResourceBundle}
 * instantiates it by name.
 */
public final class VisualizeHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        Map<String, Map<VisualizationMethod, Setting<?>>> byName = new LinkedHashMap<>();
        MethodSettings.declared().forEach((method, declared) -> declared.list().forEach(setting ->
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
            String id = MethodSettings.id(method);
            parts.add(sameMeaning ? id + " " + setting.defaultText()
                    : id + ": " + setting.description() + " (default: " + setting.defaultText() + ")");
        });
        Setting<?> first = settings.get(0);
        String choices = first.choices().isEmpty() ? "" : ", one of " + String.join(", ", first.choices());
        if (declarations.size() == 1) {
            VisualizationMethod only = declarations.keySet().iterator().next();
            return "Only --method " + MethodSettings.id(only) + ": " + first.description() + choices + " (default: "
                    + first.defaultText() + ").";
        }
        if (!sameMeaning) {
            return "Per method: " + String.join("; ", parts) + choices + ".";
        }
        return capitalised(first.description()) + choices + " (default: " + String.join(", ", parts) + ").";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
