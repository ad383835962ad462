package descent.optimizers.ode.internal;

/**
 * {@code adams-pece}: the Adams predictor-corrector of seed 000, Algorithm 5: AB4 predicts θ*, one
 * oracle evaluation gives f* = ∇L(θ*) on the same mini-batch, and the Adams-Moulton corrector gives
 * θ_{n+1} = θ_n − h/24 (9 f* + 19 f_n − 5 f_{n−1} + f_{n−2}); two gradients per step. See
 * {@link Adams} for the start-up (the thesis: three gradient-descent steps), step-size changes and
 * the state.
 */
public final class AdamsPeceProvider extends AdamsProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdamsPeceProvider() {
        super("adams-pece", "Adams predictor-corrector: AB4 predictor, one more gradient, Adams-Moulton corrector "
                + "(seed 000, Alg. 5)", true);
    }
}
