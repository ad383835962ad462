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
 * {@code inverse-steps} (K₁). Each subclass adds its own rule.
 */
abstract class TargetPropProvider implements TrainerProvider {

    private static final List<Hyperparameter> COMMON = List.of(
            Hyperparameter.real("eta", 1.0, Range.greaterThan(0),
                    "output target step: target = z_L - eta * dLoss/dz_L, the cross-entropy summed over the batch (1 = the thesis)"),
            Hyperparameter.real("sigma", 0.1, Range.greaterThan(0),
                    "standard deviation of the Gaussian noise the inverses are trained on"),
            Hyperparameter.integer("inverse-steps", 1, Range.atLeast(1),
                    "K1: updates of every inverse per step, each on fresh noise"));

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

    static int inverseSteps(Hyperparameters hp) {
        return Math.toIntExact(hp.integer("inverse-steps"));
    }
}
