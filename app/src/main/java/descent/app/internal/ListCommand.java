package descent.app.internal;

import com.google.inject.name.Named;
import descent.api.Hyperparameter;
import descent.api.Provider;
import descent.engine.plugins.Discovered;
import descent.engine.plugins.ProviderKind;
import descent.engine.plugins.Registry;
import descent.engine.schedule.Schedules;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code descent list}: every optimizer, trainer, model and data set found, each with its
 * description, module, where it came from (built in, or the plugin jar's path) and its
 * hyperparameters; then the learning-rate schedules and the presets of {@code descent compare}.
 */
final class ListCommand {

    private final Registry registry;
    private final PrintStream out;

    @Inject
    ListCommand(Registry registry, @Named("out") PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    int run(Args args) {
        section("optimizers", ProviderKind.OPTIMIZER);
        section("trainers", ProviderKind.TRAINER);
        section("models", ProviderKind.MODEL);
        section("data sets", ProviderKind.DATASET);
        out.println("schedules (--schedule)");
        out.print(Schedules.help());
        out.println();
        List<String> presets = Presets.names();
        out.println("compare presets (descent compare --preset NAME) (" + presets.size() + ")");
        for (String name : presets) {
            Presets.Preset p = Presets.load(name);
            out.printf("  %-20s %s%n", name, p.description());
            out.printf("  %-20s %d init%s; arms: %s%n", "", p.inits(), p.inits() == 1 ? "" : "s",
                    String.join(", ", p.arms().stream().map(a -> a.label() + " (" + a.options().getOrDefault("optimizer",
                            a.options().getOrDefault("trainer", p.common().getOrDefault("optimizer", "?"))) + ")").toList()));
        }
        return 0;
    }

    private <P extends Provider> void section(String title, ProviderKind<P> kind) {
        List<Discovered<P>> found = registry.discovered(kind);
        out.println(title + " (" + found.size() + ")");
        if (found.isEmpty()) {
            out.println("  none found");
        }
        for (Discovered<P> d : found) {
            P p = d.provider();
            out.printf("  %-20s %s%n", p.id(), p.description());
            out.printf("  %-20s module %s, %s%n", "", d.origin().module().orElse("(unnamed)")
                    + d.origin().version().map(v -> " " + v).orElse(""), d.origin().location());
            for (Hyperparameter h : p.hyperparameters()) {
                out.printf("  %-20s   --%s%n", "", h.describe());
            }
        }
        out.println();
    }
}
