package descent.engine.internal.optim;

import descent.api.DescentException;
import descent.api.Snapshot;
import descent.api.optim.EpochPlan;
import descent.api.optim.Optimizer;
import descent.api.optim.Step;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classic heavy-ball momentum (Polyak 1964): v ← μ v − α g, θ ← θ + v, with v = 0 at the start.
 * DL4J has no updater for it (its {@code Nesterovs} is the look-ahead variant), so it is written
 * here. The state is v.
 */
final class HeavyBallMomentum implements Optimizer {

    static final String VELOCITY = "velocity";

    private final double momentum;
    private long numParameters = -1;
    private INDArray velocity;

    HeavyBallMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public void initialize(long numParameters) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("optimizer 'momentum' needs at least one parameter, got " + numParameters);
        }
        this.numParameters = numParameters;
        velocity = Nd4j.zeros(Nd4j.defaultFloatingPointType(), 1, numParameters);
    }

    @Override
    public void beforeEpoch(EpochPlan plan) {
        plan.momentum(momentum);
    }

    @Override
    public void step(Step step) {
        if (velocity == null) {
            throw new IllegalStateException("optimizer 'momentum' was not initialized");
        }
        INDArray parameters = step.parameters();
        INDArray gradient = step.gradient();
        if (gradient.length() != numParameters || parameters.length() != numParameters) {
            throw new IllegalArgumentException("optimizer 'momentum' was initialized for " + numParameters
                    + " parameters, got " + parameters.length() + " parameters and a gradient of " + gradient.length());
        }
        if (velocity.dataType() != gradient.dataType()) {
            velocity = velocity.castTo(gradient.dataType());
        }
        if (Flat.applies(velocity, gradient) && Flat.applies(velocity, parameters)) {
            stepInJava(parameters, gradient, step.learningRate());
            return;
        }
        // The gradient is scratch the optimizer may overwrite: scale it in place into −α g.
        INDArray g = gradient.reshape('c', 1, numParameters);
        velocity.muli(momentum).addi(g.muli(-step.learningRate()));
        parameters.addi(velocity.reshape('c', parameters.shape()));
    }

    /**
     * The same three roundings as the ND4J ops above, element by element: {@code v ← μ v}, then
     * {@code v ← v + (−α) g}, then {@code θ ← θ + v}, with μ and −α rounded to the arrays' type
     * first as ND4J's scalar ops round them, and no fused multiply-add (Java has none unless asked).
     * So the result is ND4J's bit for bit, without the four native calls, the two views and the
     * scalar arrays that each step allocated there: on small nets those cost more than the
     * arithmetic, and javacpp registers every allocation under one JVM-wide lock, which two
     * trainings in one JVM (Spark's local executor) then queue for.
     */
    private void stepInJava(INDArray parameters, INDArray gradient, double lr) {
        int n = (int) numParameters;
        if (velocity.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            float[] v = floatScratch(0, n);
            float[] g = floatScratch(1, n);
            float[] p = floatScratch(2, n);
            velocity.data().asNioFloat().get(0, v, 0, n);
            gradient.data().asNioFloat().get(0, g, 0, n);
            java.nio.FloatBuffer pb = parameters.data().asNioFloat();
            pb.get(0, p, 0, n);
            float mu = (float) momentum;
            float a = (float) -lr;
            for (int i = 0; i < n; i++) {
                float vi = v[i] * mu;
                vi = vi + g[i] * a;
                v[i] = vi;
                p[i] = p[i] + vi;
            }
            velocity.data().asNioFloat().put(0, v, 0, n);
            pb.put(0, p, 0, n);
        } else {
            double[] v = doubleScratch(0, n);
            double[] g = doubleScratch(1, n);
            double[] p = doubleScratch(2, n);
            velocity.data().asNioDouble().get(0, v, 0, n);
            gradient.data().asNioDouble().get(0, g, 0, n);
            java.nio.DoubleBuffer pb = parameters.data().asNioDouble();
            pb.get(0, p, 0, n);
            double a = -lr;
            for (int i = 0; i < n; i++) {
                double vi = v[i] * momentum;
                vi = vi + g[i] * a;
                v[i] = vi;
                p[i] = p[i] + vi;
            }
            velocity.data().asNioDouble().put(0, v, 0, n);
            pb.put(0, p, 0, n);
        }
    }

    private float[][] floats;
    private double[][] doubles;

    private float[] floatScratch(int slot, int n) {
        if (floats == null || floats[slot] == null || floats[slot].length != n) {
            floats = floats == null ? new float[3][] : floats;
            floats[slot] = new float[n];
        }
        return floats[slot];
    }

    private double[] doubleScratch(int slot, int n) {
        if (doubles == null || doubles[slot] == null || doubles[slot].length != n) {
            doubles = doubles == null ? new double[3][] : doubles;
            doubles[slot] = new double[n];
        }
        return doubles[slot];
    }

    @Override
    public Snapshot exportState() {
        return Snapshot.builder().array(VELOCITY, velocity).build();
    }

    @Override
    public void importState(Snapshot snapshot) {
        if (velocity == null) {
            throw new IllegalStateException("optimizer 'momentum' was not initialized");
        }
        INDArray saved = snapshot.array(VELOCITY);
        if (saved.length() != numParameters) {
            throw new DescentException("checkpoint of optimizer 'momentum' holds a velocity of " + saved.length()
                    + " values, but the model has " + numParameters + " parameters; resume with the model the "
                    + "checkpoint was written for");
        }
        velocity = saved.dup('c').reshape('c', 1, numParameters);
    }
}
