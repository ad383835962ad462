package descent.optimizers.targetprop;

import descent.api.Hyperparameter;
import descent.api.Hyperparameters;
import descent.api.Range;
import descent.api.train.Trainer;
import descent.api.train.TrainerProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What the four target-propagation trainers share: the output target step {@code eta}, the noise
 * {@code sigma} the inverses are trained on and their number of updates per step
 * {@code inverse-steps} (K₁), and how often the backprop-angle diagnostic is taken, {@code angle-every}. Each subclass adds its own rule.
 */
abstract class TargetPropProvider implements TrainerProvider {

    private static final List<Hyperparameter> COMMON = List.of(
            Hyperparameter.real("eta", 1.0, Range.greaterThan(0),
                    "output target step: target = z_L - eta * dLoss/dz_L, the cross-entropy summed over the batch (1 = the thesis)"),
            Hyperparameter.real("sigma", 0.1, Range.greaterThan(0),
                    "standard deviation of the Gaussian noise the inverses are trained on"),
            Hyperparameter.integer("inverse-steps", 1, Range.atLeast(1),
                    "K1: updates of every inverse per step, each on fresh noise"),
            Hyperparameter.integer("angle-every", 10, Range.atLeast(0),
                    "diagnostic: compare the update with the backprop gradient on every this-many-th step of an epoch"
                            + " (from its first; 1 = every step, 0 = never); each comparison costs a backward pass"));

    /** Hyperparameters beyond the common three. */
    abstract List<Hyperparameter> ownHyperparameters();

    /** The settings for validated values. */
    abstract Settings settings(Hyperparameters hp);

    @Override
    public final List<Hyperparameter> hyperparameters() {
        List<Hyperparameter> all = new ArrayList<>(COMMON);
        all.addAll(ownHyperparameters());
        return List.copyOf(all);
    }

    @Override
    public final Trainer create(Hyperparameters hp) {
        return new TargetPropTrainer(settings(hp));
    }

    static double eta(Hyperparameters hp) {
        return hp.real("eta");
    }

    static double sigma(Hyperparameters hp) {
        return hp.real("sigma");
    }

    static int angleEvery(Hyperparameters hp) {
        return Math.toIntExact(hp.integer("angle-every"));
    }

    static int inverseSteps(Hyperparameters hp) {
        return Math.toIntExact(hp.integer("inverse-steps"));
    }
}
