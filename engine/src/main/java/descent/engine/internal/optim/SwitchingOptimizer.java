package descent.engine.internal.optim;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.GradientOracle;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Several optimizers one after another, each from its start epoch on ("GD for 20 epochs, then
 * Adams", thesis section 7.2): the composite the api's {@code descent.api.optim} package
 * documentation describes. The engine sees one {@link Optimizer}.
 *
 * <h2>Hand-over</h2>
 * The optimizer of phase k is {@linkplain Optimizer#initialize initialized} when its start epoch
 * begins, never earlier, so it takes its own start-up steps (an Adams method fills its history
 * afresh) from the parameters the previous phase left. Every {@link Step} it sees counts
 * {@link Step#iteration()} from its own first step, as if its run had begun at the switch (Adam's
 * bias correction and any start-up keyed on the step count begin anew); {@link Step#epoch()} and
 * {@link EpochPlan#epoch()} stay the run's epochs, so epoch-keyed schedules (a batch-size
 * schedule "20:1024") keep their meaning. {@link #beforeEpoch} is delegated to the active phase only.
 *
 * <h2>State</h2>
 * {@link #exportState()} holds, for every phase started so far, its whole snapshot under the prefix
 * {@code phase<k>.<id>.} (the earlier phases' too, so a checkpoint written before or after a switch
 * restores exactly), and the numbers {@code switch.started.<k>} (1 or 0) and
 * {@code switch.first-iteration.<k>} (the run iteration of the phase's first step, −1 before it).
 */
public final class SwitchingOptimizer implements Optimizer {

    /**
     * One optimizer of the sequence.
     *
     * @param id the optimizer's id, for state names and messages
     * @param startEpoch the epoch (from 0) it takes over at; 0 for the first phase
     * @param optimizer the optimizer, not yet initialized; owned by the composite from now on
     */
    public record Phase(String id, int startEpoch, Optimizer optimizer) {
        public Phase {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(optimizer, "optimizer");
        }
    }

    private final List<Phase> phases;
    private final boolean[] started;
    private final long[] firstIteration;
    private long numParameters = -1;

    /**
     * @param phases at least one; the first starts at epoch 0 and the start epochs increase strictly
     * @throws IllegalArgumentException if they do not
     */
    public SwitchingOptimizer(List<Phase> phases) {
        this.phases = List.copyOf(phases);
        if (this.phases.isEmpty() || this.phases.get(0).startEpoch() != 0) {
            throw new IllegalArgumentException("the first phase must start at epoch 0: " + phases);
        }
        for (int k = 1; k < this.phases.size(); k++) {
            if (this.phases.get(k).startEpoch() <= this.phases.get(k - 1).startEpoch()) {
                throw new IllegalArgumentException("phase start epochs must increase: " + phases);
            }
        }
        this.started = new boolean[this.phases.size()];
        this.firstIteration = new long[this.phases.size()];
    }

    /** The phases, in order. */
    public List<Phase> phases() {
        return phases;
    }

    @Override
    public void initialize(long numParameters) {
        this.numParameters = numParameters;
        java.util.Arrays.fill(started, false);
        java.util.Arrays.fill(firstIteration, -1);
        start(0);
    }

    /** The index of the phase that runs {@code epoch}. */
    int phaseAt(int epoch) {
        int k = 0;
        while (k + 1 < phases.size() && phases.get(k + 1).startEpoch() <= epoch) {
            k++;
        }
        return k;
    }

    private void start(int k) {
        if (!started[k]) {
            phases.get(k).optimizer().initialize(numParameters);
            started[k] = true;
        }
    }

    private int activate(int epoch) {
        if (numParameters < 0) {
            throw new IllegalStateException("optimizer switch " + phases + " was not initialized");
        }
        int k = phaseAt(epoch);
        start(k);
        return k;
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        phases.get(activate(plan.epoch())).optimizer().beforeEpoch(plan);
    }

    @Override
    public void step(Step step) {
        int k = activate(step.epoch());
        if (firstIteration[k] < 0) {
            firstIteration[k] = step.iteration();
        }
        long base = firstIteration[k];
        phases.get(k).optimizer().step(new Step() {
            @Override
            public INDArray parameters() {
                return step.parameters();
            }

            @Override
            public INDArray gradient() {
                return step.gradient();
            }

            @Override
            public double loss() {
                return step.loss();
            }

            @Override
            public GradientOracle oracle() {
                return step.oracle();
            }

            @Override
            public double learningRate() {
                return step.learningRate();
            }

            @Override
            public long iteration() {
                return step.iteration() - base;
            }

            @Override
            public int epoch() {
                return step.epoch();
            }

            @Override
            public int batchSize() {
                return step.batchSize();
            }
        });
    }

    private String prefix(int k) {
        return "phase" + k + "." + phases.get(k).id() + ".";
    }

    @Override
    public Snapshot exportState() {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (int k = 0; k < phases.size(); k++) {
            numbers.put("switch.started." + k, started[k] ? 1.0 : 0.0);
            numbers.put("switch.first-iteration." + k, (double) firstIteration[k]);
            if (started[k]) {
                Snapshot s = phases.get(k).optimizer().exportState();
                String p = prefix(k);
                s.arrays().forEach((name, a) -> arrays.put(p + name, a));
                s.numbers().forEach((name, v) -> numbers.put(p + name, v));
            }
        }
        return new Snapshot(arrays, numbers);
    }

    @Override
    public void importState(Snapshot state) {
        if (numParameters < 0) {
            throw new IllegalStateException("optimizer switch " + phases + " was not initialized");
        }
        if (state.numbers().containsKey("switch.started." + phases.size())) {
            throw new DescentException("checkpoint holds more optimizer phases than " + ids()
                    + "; resume with the --optimizer it was written with");
        }
        List<Integer> toImport = new ArrayList<>();
        for (int k = 0; k < phases.size(); k++) {
            if (state.number("switch.started." + k) == 1.0) {
                toImport.add(k);
            }
            firstIteration[k] = (long) state.number("switch.first-iteration." + k);
        }
        for (int k : toImport) {
            start(k);
            String p = prefix(k);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            Map<String, Double> numbers = new LinkedHashMap<>();
            state.arrays().forEach((name, a) -> {
                if (name.startsWith(p)) {
                    arrays.put(name.substring(p.length()), a);
                }
            });
            state.numbers().forEach((name, v) -> {
                if (name.startsWith(p)) {
                    numbers.put(name.substring(p.length()), v);
                }
            });
            phases.get(k).optimizer().importState(new Snapshot(arrays, numbers));
        }
    }

    private List<String> ids() {
        return phases.stream().map(p -> p.id() + "@" + p.startEpoch()).toList();
    }

    @Override
    public String toString() {
        return "switch " + ids();
    }
}
