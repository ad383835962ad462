package descent.api.testkit;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.OptimizerProvider;
import descent.api.optim.Step;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small optimizers written for the kit's own tests: plain gradient descent, heavy-ball momentum,
 * and heavy-ball momentum with one deliberate defect each, which the kit must catch.
 */
final class KitTestOptimizers {

    private KitTestOptimizers() {
    }

    /** θ ← θ − α g, with no state and no hyperparameters. */
    static final class PlainSgdProvider implements OptimizerProvider {
        @Override
        public String id() {
            return "plain-sgd";
        }

        @Override
        public String description() {
            return "gradient descent, theta <- theta - lr * gradient (the kit's own reference)";
        }

        @Override
        public Optimizer create(Hyperparameters hyperparameters) {
            return new Optimizer() {
                @Override
                public void initialize(long numParameters) {
                }

                @Override
                public void step(Step step) {
                    step.parameters().subi(step.gradient().mul(step.learningRate()));
                }

                @Override
                public Snapshot exportState() {
                    return Snapshot.EMPTY;
                }

                @Override
                public void importState(Snapshot state) {
                }
            };
        }
    }

    /** One deliberate defect of {@link HeavyBallProvider}. */
    enum Defect {
        /** None: a correct heavy-ball method. */
        NONE,
        /** {@code importState} ignores its input. */
        IGNORES_IMPORTED_STATE,
        /** {@code importState} keeps the snapshot's array as its velocity instead of copying it. */
        ALIASES_IMPORTED_STATE,
        /** Keeps {@code step.gradient()} (engine scratch) by reference and averages it into the next step. */
        KEEPS_THE_GRADIENT_BUFFER,
        /** Adds the update instead of subtracting it: climbs the loss. */
        ASCENDS,
        /** Keeps its velocity in a static field shared by all instances. */
        SHARES_STATE_ACROSS_INSTANCES,
        /** Applies its own decay θ ← (1 − α/10) θ, which moves the parameters where the gradient is 0. */
        DECAYS_TOWARDS_ZERO,
        /** Declares momentum in [0, 1) but {@code create} rejects 0. */
        REJECTS_A_DECLARED_VALUE,
        /** Id with upper case and an underscore, and no description. */
        MALFORMED_ID
    }

    /** Heavy-ball momentum v ← μ v − α g, θ ← θ + v, optionally with one {@link Defect}. */
    static final class HeavyBallProvider implements OptimizerProvider {

        private static INDArray sharedVelocity;

        private final Defect defect;

        HeavyBallProvider(Defect defect) {
            this.defect = defect;
        }

        @Override
        public String id() {
            return defect == Defect.MALFORMED_ID ? "Heavy_Ball" : "heavy-ball";
        }

        @Override
        public String description() {
            return defect == Defect.MALFORMED_ID ? "" : "heavy-ball momentum (the kit's own reference)";
        }

        @Override
        public List<Hyperparameter> hyperparameters() {
            return List.of(
                    Hyperparameter.real("momentum", 0.9, Range.closedOpen(0, 1), "momentum coefficient mu"),
                    Hyperparameter.integer("warm-up", 0, Range.closed(0, 100), "steps before momentum is used"));
        }

        @Override
        public Optimizer create(Hyperparameters hyperparameters) {
            double mu = hyperparameters.real("momentum");
            if (defect == Defect.REJECTS_A_DECLARED_VALUE && mu == 0) {
                throw hyperparameters.invalid("momentum", "must be > 0");
            }
            return new HeavyBall(defect, mu, hyperparameters.integer("warm-up"));
        }
    }

    private static final class HeavyBall implements Optimizer {
        private final Defect defect;
        private final double mu;
        private final long warmUp;
        private INDArray velocity;
        private INDArray previousGradient;
        private long steps;

        HeavyBall(Defect defect, double mu, long warmUp) {
            this.defect = defect;
            this.mu = mu;
            this.warmUp = warmUp;
        }

        @Override
        public void initialize(long numParameters) {
            velocity = Nd4j.zeros(DataType.DOUBLE, 1, numParameters);
            if (defect == Defect.SHARES_STATE_ACROSS_INSTANCES) {
                if (HeavyBallProvider.sharedVelocity == null || HeavyBallProvider.sharedVelocity.length() != numParameters) {
                    HeavyBallProvider.sharedVelocity = velocity;
                }
                velocity = HeavyBallProvider.sharedVelocity;
            }
        }

        @Override
        public void beforeEpoch(EpochPlan plan) {
            plan.momentum(mu);
        }

        @Override
        public void step(Step step) {
            INDArray g = step.gradient().reshape(velocity.shape());
            if (defect == Defect.KEEPS_THE_GRADIENT_BUFFER) {
                INDArray current = g;
                if (previousGradient != null) {
                    g = g.add(previousGradient).muli(0.5);
                }
                previousGradient = current;
            }
            double m = steps < warmUp ? 0 : mu;
            velocity.muli(m).subi(g.mul(step.learningRate()));
            INDArray v = velocity.reshape(step.parameters().shape());
            if (defect == Defect.ASCENDS) {
                step.parameters().subi(v);
            } else {
                step.parameters().addi(v);
            }
            if (defect == Defect.DECAYS_TOWARDS_ZERO) {
                step.parameters().muli(1 - step.learningRate() / 10);
            }
            steps++;
        }

        @Override
        public Snapshot exportState() {
            return Snapshot.builder().array("velocity", velocity).number("steps", steps).build();
        }

        @Override
        public void importState(Snapshot state) {
            switch (defect) {
                case IGNORES_IMPORTED_STATE -> { }
                case ALIASES_IMPORTED_STATE -> {
                    velocity = state.array("velocity");
                    steps = (long) state.number("steps");
                }
                default -> {
                    velocity.assign(state.array("velocity"));
                    steps = (long) state.number("steps");
                }
            }
        }
    }
}
