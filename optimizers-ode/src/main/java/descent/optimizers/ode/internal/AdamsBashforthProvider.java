package descent.optimizers.ode.internal;

/**
 * {@code ab4}: the explicit four-step Adams-Bashforth method on dθ/dt = −∇L(θ) (seed 000, section
 * 6.2), θ_{n+1} = θ_n − h/24 (55 f_n − 59 f_{n−1} + 37 f_{n−2} − 9 f_{n−3}) with fₖ the gradient of
 * step k's own mini-batch: one gradient per step, the cost of SGD. Stable on a quadratic only for
 * h λmax &lt; 0.3. See {@link Adams} for the start-up, step-size changes and the state.
 */
public final class AdamsBashforthProvider extends AdamsProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public AdamsBashforthProvider() {
        super("ab4", "explicit 4-step Adams-Bashforth on d(theta)/dt = -grad L, one gradient per step "
                + "(seed 000, sec. 6.2)", false);
    }
}
