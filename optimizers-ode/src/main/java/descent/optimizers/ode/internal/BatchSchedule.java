package descent.optimizers.ode.internal;

import descent.api.DescentException;
import descent.api.optim.EpochPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-size schedule of Algorithm 2 (seed 000, section 4.2): {@code 20:1024,30:2048} means
 * "from epoch index 20 on, batches of 1024; from 30 on, 2048". Epoch indices count from 0 as in
 * {@link EpochPlan#epoch()} and in the engine's schedule specs, so {@code 20} takes effect after 20
 * completed epochs; before the first listed epoch the configured batch size applies.
 *
 * <p>Parsed and checked for growth when created; checked against the run (epochs past its end, a
 * batch size below the configured one) at the first {@link #apply(EpochPlan)}, which the engine
 * calls before any training. Stateless otherwise: the batch size of epoch e depends on e alone, so
 * a resumed run needs nothing from the checkpoint.
 */
final class BatchSchedule {

    private final String owner;
    private final String name;
    private final String spec;
    private final int[] epochs;
    private final int[] sizes;
    private boolean checked;

    private BatchSchedule(String owner, String name, String spec, int[] epochs, int[] sizes) {
        this.owner = owner;
        this.name = name;
        this.spec = spec;
        this.epochs = epochs;
        this.sizes = sizes;
    }

    /**
     * Parses {@code spec}.
     *
     * @param owner "optimizer 'id'", for messages
     * @param name the hyperparameter's name, for messages
     * @throws DescentException naming the value when it is not a list of {@code epoch:size} pairs with
     *     strictly increasing epochs and strictly increasing sizes
     */
    static BatchSchedule parse(String owner, String name, String spec) {
        String prefix = "hyperparameter '" + name + "' of " + owner;
        String hint = "; write epoch:batch-size pairs with growing epochs and batch sizes, like '20:1024,30:2048,40:4096'";
        if (spec.isBlank()) {
            throw new DescentException(prefix + " is empty" + hint);
        }
        List<int[]> pairs = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String[] fields = part.trim().split(":", -1);
            int epoch;
            int size;
            try {
                if (fields.length != 2) {
                    throw new NumberFormatException();
                }
                epoch = Integer.parseInt(fields[0].trim());
                size = Integer.parseInt(fields[1].trim());
            } catch (NumberFormatException e) {
                throw new DescentException(prefix + ": '" + part.trim() + "' in '" + spec + "' is not epoch:batch-size" + hint);
            }
            if (epoch < 0 || size < 1) {
                throw new DescentException(prefix + ": '" + part.trim() + "' in '" + spec
                        + "' needs an epoch >= 0 and a batch size >= 1" + hint);
            }
            if (!pairs.isEmpty()) {
                int[] last = pairs.get(pairs.size() - 1);
                if (epoch <= last[0]) {
                    throw new DescentException(prefix + ": epochs must increase, but '" + part.trim() + "' follows '"
                            + last[0] + ":" + last[1] + "' in '" + spec + "'" + hint);
                }
                if (size <= last[1]) {
                    throw new DescentException(prefix + ": the batch size must grow, but '" + part.trim() + "' follows '"
                            + last[0] + ":" + last[1] + "' in '" + spec + "'" + hint);
                }
            }
            pairs.add(new int[] {epoch, size});
        }
        int[] epochs = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] sizes = pairs.stream().mapToInt(p -> p[1]).toArray();
        return new BatchSchedule(owner, name, spec, epochs, sizes);
    }

    /** Sets the plan's batch size to the one scheduled for its epoch, if any has started. */
    void apply(EpochPlan plan) {
        if (!checked) {
            check(plan);
            checked = true;
        }
        for (int i = epochs.length - 1; i >= 0; i--) {
            if (epochs[i] <= plan.epoch()) {
                plan.batchSize(sizes[i]);
                return;
            }
        }
    }

    private void check(EpochPlan plan) {
        String prefix = "hyperparameter '" + name + "' of " + owner;
        int last = epochs[epochs.length - 1];
        if (last >= plan.epochs()) {
            throw new DescentException(prefix + " names epoch " + last + " in '" + spec + "', but the run has "
                    + plan.epochs() + " epochs (indices 0 to " + (plan.epochs() - 1) + "); drop it or raise --epochs");
        }
        if (sizes[0] < plan.batchSize()) {
            throw new DescentException(prefix + " starts at batch size " + sizes[0] + " in '" + spec
                    + "', below the configured batch size " + plan.batchSize()
                    + "; the schedule must grow from --batch-size");
        }
    }

    /** The epochs at which the batch size changes, in order (a copy). */
    int[] epochs() {
        return epochs.clone();
    }

    /** The batch sizes from those epochs on, in order (a copy). */
    int[] sizes() {
        return sizes.clone();
    }
}
