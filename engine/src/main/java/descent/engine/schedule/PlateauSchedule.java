package descent.engine.schedule;

import descent.api.DescentException;
import descent.api.Snapshot;

/**
 * Reduce-on-plateau: the rate starts at the base rate and is multiplied by {@code factor} (never
 * below {@code min}) once the test loss has failed to improve for {@code patience} observed epochs
 * in a row; after a reduction, {@code cooldown} epochs pass before failures count again. A loss
 * improves when it is below best − threshold·|best| (relative threshold, as in PyTorch's
 * {@code ReduceLROnPlateau} with {@code threshold_mode='rel'}); NaN and infinite losses never do.
 * Unlike PyTorch, which reduces after patience + 1 bad epochs, this reduces after {@code patience}
 * (as Keras does): with patience 3, the third bad epoch in a row lowers the next epoch's rate.
 */
final class PlateauSchedule implements LearningRateSchedule {

    private final double factor;
    private final int patience;
    private final double min;
    private final double threshold;
    private final int cooldown;

    private double rate;
    private boolean observed;
    private double best;
    private int badEpochs;
    private int cooldownLeft;
    private int lastEpoch = -1;

    PlateauSchedule(double base, double factor, int patience, double min, double threshold, int cooldown) {
        this.factor = factor;
        this.patience = patience;
        this.min = min;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.rate = base;
    }

    @Override
    public double rate(Progress at) {
        return rate;
    }

    @Override
    public boolean observesLoss() {
        return true;
    }

    @Override
    public void observe(int epoch, double testLoss) {
        if (epoch <= lastEpoch) {
            throw new IllegalStateException("test loss of epoch " + epoch + " reported after that of epoch " + lastEpoch);
        }
        lastEpoch = epoch;
        boolean improved = Double.isFinite(testLoss) && (!observed || testLoss < best - threshold * Math.abs(best));
        if (improved) {
            observed = true;
            best = testLoss;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs >= patience) {
            rate = Math.max(rate * factor, min);
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    @Override
    public String describe() {
        return "plateau:factor=" + Schedules.format(factor) + ",patience=" + patience + ",min=" + Schedules.format(min)
                + ",threshold=" + Schedules.format(threshold) + ",cooldown=" + cooldown;
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.builder()
                .number("plateau.rate", rate)
                .number("plateau.observed", observed ? 1 : 0)
                .number("plateau.best", observed ? best : 0)
                .number("plateau.badEpochs", badEpochs)
                .number("plateau.cooldownLeft", cooldownLeft)
                .number("plateau.lastEpoch", lastEpoch)
                .build();
    }

    @Override
    public void importState(Snapshot state) {
        double r = state.number("plateau.rate");
        if (!(r > 0) || Double.isInfinite(r)) {
            throw new DescentException("checkpoint state has plateau learning rate '" + r + "'; it must be > 0, so the checkpoint is damaged");
        }
        rate = r;
        observed = state.number("plateau.observed") != 0;
        best = state.number("plateau.best");
        badEpochs = (int) state.number("plateau.badEpochs");
        cooldownLeft = (int) state.number("plateau.cooldownLeft");
        lastEpoch = (int) state.number("plateau.lastEpoch");
    }

    @Override
    public String toString() {
        return describe() + " (rate " + rate + ")";
    }
}
