package descent.engine.schedule;

/**
 * The triangular cyclical learning rate (Smith, "Cyclical Learning Rates for Training Neural
 * Networks", WACV 2017): the rate climbs linearly from the base rate to {@code max} over half a
 * period and back down over the other half, with the period in epochs (the position is then the
 * fractional epoch) or in iterations. In {@code triangular2} mode the amplitude halves every cycle.
 * Re-evaluated every step.
 */
final class CyclicSchedule implements LearningRateSchedule {

    private final double base;
    private final double max;
    private final double period;
    private final boolean periodInIterations;
    private final boolean halving;

    CyclicSchedule(double base, double max, double period, boolean periodInIterations, boolean halving) {
        this.base = base;
        this.max = max;
        this.period = period;
        this.periodInIterations = periodInIterations;
        this.halving = halving;
    }

    @Override
    public double rate(Progress at) {
        double x = (periodInIterations ? at.iteration() : at.epochs()) / period;
        double cycle = Math.floor(x);
        double phase = x - cycle;
        double triangle = 1 - Math.abs(2 * phase - 1);
        double amplitude = halving ? Math.pow(0.5, cycle) : 1;
        return base + (max - base) * amplitude * triangle;
    }

    @Override
    public boolean variesWithinEpoch() {
        return true;
    }

    @Override
    public String describe() {
        String p = periodInIterations ? (long) period + "it" : Schedules.format(period);
        return "cyclic:max=" + Schedules.format(max) + ",period=" + p + ",mode=" + (halving ? "triangular2" : "triangular");
    }

    @Override
    public String toString() {
        return describe();
    }
}
