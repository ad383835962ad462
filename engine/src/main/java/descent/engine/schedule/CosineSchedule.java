package descent.engine.schedule;

/**
 * Cosine annealing (Loshchilov and Hutter, "SGDR", ICLR 2017, eq. 5, one cycle over the whole run):
 * η(t) = η_min + (η₀ − η_min)·(1 + cos(π·t/E))/2, where t is the epoch (or, with
 * {@code per=iteration}, the fractional epoch) and E the run's length. It starts at η₀ and reaches
 * η_min at the end of the run.
 */
final class CosineSchedule implements LearningRateSchedule {

    private final double base;
    private final double min;
    private final int epochs;
    private final boolean perIteration;

    CosineSchedule(double base, double min, int epochs, boolean perIteration) {
        this.base = base;
        this.min = min;
        this.epochs = epochs;
        this.perIteration = perIteration;
    }

    @Override
    public boolean shapedByTotalEpochs() {
        return true;
    }

    @Override
    public double rate(Progress at) {
        double t = Math.min(perIteration ? at.epochs() : at.epoch(), epochs);
        return anneal(base, min, t / epochs);
    }

    /** η_min + (η₀ − η_min)·(1 + cos(π·fraction))/2, the half-cosine from η₀ (fraction 0) to η_min (1). */
    static double anneal(double base, double min, double fraction) {
        return min + (base - min) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }

    @Override
    public boolean variesWithinEpoch() {
        return perIteration;
    }

    @Override
    public String describe() {
        return "cosine:min=" + Schedules.format(min) + ",per=" + (perIteration ? "iteration" : "epoch");
    }

    @Override
    public String toString() {
        return describe();
    }
}
