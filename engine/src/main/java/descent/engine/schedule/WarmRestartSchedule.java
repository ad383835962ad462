package descent.engine.schedule;

/**
 * SGDR, cosine annealing with warm restarts (Loshchilov and Hutter, ICLR 2017, eq. 5): cycle i lasts
 * T_i = T₀·mult^i epochs, and within it η = η_min + (η₀ − η_min)·(1 + cos(π·T_cur/T_i))/2, where
 * T_cur counts epochs (fractional with {@code per=iteration}) since the last restart. Restarts fall
 * at T₀, T₀ + T₀·mult, T₀ + T₀·mult + T₀·mult², ...
 */
final class WarmRestartSchedule implements LearningRateSchedule {

    private final double base;
    private final double min;
    private final int t0;
    private final double mult;
    private final boolean perIteration;

    WarmRestartSchedule(double base, double min, int t0, double mult, boolean perIteration) {
        this.base = base;
        this.min = min;
        this.t0 = t0;
        this.mult = mult;
        this.perIteration = perIteration;
    }

    @Override
    public double rate(Progress at) {
        double t = perIteration ? at.epochs() : at.epoch();
        // Walk the cycles rather than invert the geometric sum with logarithms: the boundaries are
        // then exact for integer T₀ and mult, and a run has few cycles.
        double start = 0;
        double length = t0;
        while (t >= start + length) {
            start += length;
            length *= mult;
        }
        return CosineSchedule.anneal(base, min, (t - start) / length);
    }

    @Override
    public boolean variesWithinEpoch() {
        return perIteration;
    }

    @Override
    public String describe() {
        return "sgdr:t0=" + t0 + ",mult=" + Schedules.format(mult) + ",min=" + Schedules.format(min)
                + ",per=" + (perIteration ? "iteration" : "epoch");
    }

    @Override
    public String toString() {
        return describe();
    }
}
