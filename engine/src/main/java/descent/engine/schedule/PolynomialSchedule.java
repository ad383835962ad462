package descent.engine.schedule;

/**
 * Polynomial decay from the base rate to a final rate at the end of the run:
 * η(e) = η_final + (η₀ − η_final)·(1 − e/E)^p for epoch e of E. ND4J's {@code PolySchedule} is not
 * used: in 1.0.0-M2.1 it computes η₀·(1 + e/E)^p, which grows.
 */
final class PolynomialSchedule implements LearningRateSchedule {

    private final double base;
    private final double power;
    private final double last;
    private final int epochs;

    PolynomialSchedule(double base, double power, double last, int epochs) {
        this.base = base;
        this.power = power;
        this.last = last;
        this.epochs = epochs;
    }

    @Override
    public boolean shapedByTotalEpochs() {
        return true;
    }

    @Override
    public double rate(Progress at) {
        double remaining = 1 - Math.min(at.epoch(), epochs) / (double) epochs;
        return last + (base - last) * Math.pow(remaining, power);
    }

    @Override
    public String describe() {
        return "poly:power=" + Schedules.format(power) + ",final=" + Schedules.format(last);
    }

    @Override
    public String toString() {
        return describe();
    }
}
