package descent.engine.schedule;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A per-epoch schedule computed by one of ND4J's {@link ISchedule}s, built with schedule type
 * {@code EPOCH} (it is asked with iteration 0): constant ({@code FixedSchedule}), step ({@code StepSchedule}),
 * multistep ({@code MapSchedule}), exponential ({@code ExponentialSchedule}) and inverse-time
 * ({@code InverseSchedule}).
 */
final class Dl4jSchedule implements LearningRateSchedule {

    private final String description;
    private final ISchedule schedule;

    Dl4jSchedule(String description, ISchedule schedule) {
        this.description = description;
        this.schedule = schedule;
    }

    @Override
    public double rate(Progress at) {
        return schedule.valueAt(0, at.epoch());
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
