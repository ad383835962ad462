package descent.api.optim;

import descent.api.Stability;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss and gradient on the current step's mini-batch at parameters the optimizer chooses: the
 * right-hand side f(θ) = −∇L(θ) of the gradient flow, frozen to one batch, which multi-stage and
 * multi-step methods evaluate more than once per step (RK4 four times, Adams PECE twice).
 *
 * <p>Every call is one gradient evaluation in the run's counts. The model's parameters are the same
 * after the call as before it.
 */
@Stability(Stability.Level.STABLE)
public interface GradientOracle {

    /**
     * Evaluates at {@code theta}.
     *
     * @param theta parameters to evaluate at, same length as {@link Step#parameters()}; read, never
     *     kept or modified. May be {@code Step.parameters()} itself.
     * @return the loss and a new gradient array owned by the caller (never a view of engine buffers)
     */
    Evaluation evaluate(INDArray theta);

    /**
     * A loss and its gradient.
     *
     * @param loss the mini-batch loss, weight decay included
     * @param gradient the gradient, a fresh array owned by the caller
     */
    record Evaluation(double loss, INDArray gradient) {
    }
}
