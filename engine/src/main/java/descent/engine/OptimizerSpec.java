package descent.engine;

import descent.api.DescentException;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.engine.internal.optim.SwitchingOptimizer;
import descent.engine.plugins.ProviderKind;
import descent.engine.plugins.Registry;
import descent.engine.plugins.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --optimizer}: one optimizer id ({@code adam}), or optimizers one after
 * another, each later one with the epoch it takes over at ({@code sgd,adams-pece@20}: SGD for
 * epochs 0 to 19, then Adams PECE, initialized afresh at epoch 20 from the parameters SGD left).
 * Epochs count from 0, as in {@link descent.api.optim.EpochPlan} and the schedule specs.
 *
 * <p>The spec text itself is what run records and checkpoints store, so a resumed run re-reads it.
 * Parsing checks the form; {@link #checkFits(int)} checks the epochs against the run, and
 * {@link #resolve(Registry)} the ids. Every failure is a one-line {@link DescentException} that
 * quotes the spec. Immutable.
 *
 * <p>Stability: experimental.
 */
public final class OptimizerSpec {

    /**
     * One entry of the spec.
     *
     * @param id the optimizer id
     * @param startEpoch the epoch, from 0, at which it takes over (0 for the first)
     */
    public record Phase(String id, int startEpoch) {
    }

    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(?:@(\\d{1,9}))?");

    private final String text;
    private final List<Phase> phases;

    private OptimizerSpec(String text, List<Phase> phases) {
        this.text = text;
        this.phases = List.copyOf(phases);
    }

    /**
     * Parses {@code ID} or {@code ID,ID@E,ID@E...}.
     *
     * @throws DescentException for an empty or malformed entry, a start epoch on the first entry
     *     other than 0, a later entry without one, or start epochs that do not increase
     */
    public static OptimizerSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String spec = text.trim();
        if (spec.isEmpty()) {
            throw new DescentException("--optimizer is empty; give an optimizer id (see descent list) or a switch such as sgd,adams-pece@20");
        }
        List<Phase> phases = new ArrayList<>();
        String[] entries = spec.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new DescentException("malformed --optimizer '" + spec + "': entry '" + entry
                        + "' is not ID or ID@EPOCH; write e.g. sgd,adams-pece@20 (switch to adams-pece at epoch 20, counting from 0)");
            }
            String id = m.group(1);
            if (i == 0) {
                if (m.group(2) != null && Integer.parseInt(m.group(2)) != 0) {
                    throw new DescentException("--optimizer '" + spec + "': the first optimizer runs from epoch 0, so '" + entry
                            + "' cannot start later; write '" + id + "' without @");
                }
                phases.add(new Phase(id, 0));
                continue;
            }
            if (m.group(2) == null) {
                throw new DescentException("--optimizer '" + spec + "': '" + entry + "' needs the epoch it takes over at;"
                        + " write " + id + "@EPOCH (epochs count from 0)");
            }
            int start = Integer.parseInt(m.group(2));
            int previous = phases.get(phases.size() - 1).startEpoch();
            if (start <= previous) {
                throw new DescentException("--optimizer '" + spec + "': switch epochs must increase, but '" + entry
                        + "' starts at epoch " + start + ", not after epoch " + previous);
            }
            phases.add(new Phase(id, start));
        }
        return new OptimizerSpec(String.join(",", normalized(phases)), phases);
    }

    private static List<String> normalized(List<Phase> phases) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            parts.add(i == 0 ? phases.get(i).id() : phases.get(i).id() + "@" + phases.get(i).startEpoch());
        }
        return parts;
    }

    /** The spec as text ({@code sgd,adams-pece@20}), blanks removed. */
    public String text() {
        return text;
    }

    /** The phases in order; one for a plain optimizer. */
    public List<Phase> phases() {
        return phases;
    }

    /** Whether the spec switches optimizer at least once. */
    public boolean switches() {
        return phases.size() > 1;
    }

    /** The distinct ids, in order of first appearance. */
    public List<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        phases.forEach(p -> ids.add(p.id()));
        return List.copyOf(ids);
    }

    /**
     * Checks that every switch happens within a run of {@code epochs} epochs (epochs 0 to
     * {@code epochs − 1}).
     *
     * @throws DescentException naming the entry that starts too late
     */
    public void checkFits(int epochs) {
        for (Phase p : phases) {
            if (p.startEpoch() >= epochs) {
                throw new DescentException("--optimizer '" + text + "': '" + p.id() + "@" + p.startEpoch() + "' starts at epoch "
                        + p.startEpoch() + " but the run has epochs 0 to " + (epochs - 1) + "; raise --epochs or switch earlier");
            }
        }
    }

    /**
     * The provider of each distinct id, in {@link #ids()} order.
     *
     * @throws DescentException for an unknown id: it, the known ids and the closest one
     */
    public List<OptimizerProvider> resolve(Registry registry) {
        Map<String, OptimizerProvider> known = registry.providers(ProviderKind.OPTIMIZER);
        List<OptimizerProvider> out = new ArrayList<>();
        for (String id : ids()) {
            OptimizerProvider p = known.get(id);
            if (p == null) {
                String where = switches() ? " in --optimizer '" + text + "'" : "";
                throw new DescentException("unknown optimizer '" + id + "'" + where + "; known: " + String.join(", ", known.keySet())
                        + Suggestions.didYouMean(id, known.keySet()));
            }
            out.add(p);
        }
        return out;
    }

    /**
     * The optimizer the engine drives: {@code create(id)} itself for a plain spec, otherwise a
     * composite that hands over at each start epoch (see {@link SwitchingOptimizer}).
     *
     * @param create makes a new, uninitialized optimizer for an id; called once per phase
     */
    public Optimizer create(java.util.function.Function<String, Optimizer> create) {
        if (!switches()) {
            return create.apply(phases.get(0).id());
        }
        List<SwitchingOptimizer.Phase> list = new ArrayList<>();
        for (Phase p : phases) {
            list.add(new SwitchingOptimizer.Phase(p.id(), p.startEpoch(), create.apply(p.id())));
        }
        return new SwitchingOptimizer(list);
    }

    /** A name for files and folders: the text with {@code ,} replaced by {@code +} ({@code sgd+adams-pece@20}). */
    public String label() {
        return text.replace(',', '+');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerSpec s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
