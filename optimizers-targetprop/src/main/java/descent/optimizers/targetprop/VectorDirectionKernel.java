package descent.optimizers.targetprop;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code LocalStep.accumulate} four units at a time: every unit's sums still run over the examples in
 * order, each product and sum rounded as the scalar loop rounds it (no fused multiply-add), so the
 * results are the scalar loop's bit for bit. Loaded only when {@link VectorDirection#AVAILABLE}.
 */
final class VectorDirectionKernel {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final int L = D.length();

    private VectorDirectionKernel() {
    }

    static int bits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    private static DoubleVector widen(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(F, a, at).convertShape(VectorOperators.F2D, D, 0);
    }

    private static final VectorSpecies<Float> R = FloatVector.SPECIES_256;

    /** {@code LocalStep.residual}, eight at a time: the same float differences, the same count. */
    static long residual(float[] zs, float[] ts, float[] rs, boolean relu) {
        int upper = R.loopBound(zs.length);
        long active = 0;
        FloatVector zero = FloatVector.zero(R);
        for (int i = 0; i < upper; i += R.length()) {
            FloatVector z = FloatVector.fromArray(R, zs, i);
            FloatVector r = z.sub(FloatVector.fromArray(R, ts, i));
            if (relu) {
                VectorMask<Float> on = z.compare(VectorOperators.GT, 0);
                r = zero.blend(r, on);
                active += on.trueCount();
            } else {
                active += R.length();
            }
            r.intoArray(rs, i);
        }
        return active + LocalStep.residual(zs, ts, rs, upper, relu);
    }

    /**
     * Row by row, four units at a time: the accumulators of a row's units are loaded, updated and
     * stored back (they stay in the first-level cache), so z, t and d are read in memory order, and
     * the units past the last whole vector are done by the scalar loop's arithmetic at the end of
     * each row. A column-wise walk (each unit's sums kept in registers over all rows) strides a
     * row's width per example and was three times slower on fresh arrays. Returns the sum of the
     * squared errors in row-major order, as {@code LocalStep.accumulate} does.
     */
    static double accumulate(float[] zs, float[] ts, float[] ds, int n, int units, boolean relu, double[] numerator, double[] denominator,
            double[] bn, double[] bd) {
        java.util.Arrays.fill(bn, 1);
        int upper = D.loopBound(units);
        DoubleVector zero = DoubleVector.zero(D);
        double loss = 0;
        for (int k = 0, row = 0; k < n; k++, row += units) {
            for (int j = 0; j < upper; j += L) {
                int at = row + j;
                DoubleVector z = widen(zs, at);
                DoubleVector t = widen(ts, at);
                DoubleVector d = widen(ds, at);
                DoubleVector e;
                DoubleVector dk;
                if (relu) {
                    VectorMask<Double> on = z.compare(VectorOperators.GT, 0);
                    dk = zero.blend(d, on);
                    e = zero.blend(z, on).sub(t);
                } else {
                    dk = d;
                    e = z.sub(t);
                }
                DoubleVector e2 = e.mul(e);
                loss += e2.lane(0);
                loss += e2.lane(1);
                loss += e2.lane(2);
                loss += e2.lane(3);
                DoubleVector.fromArray(D, numerator, j).add(z.sub(t).mul(dk)).intoArray(numerator, j);
                DoubleVector.fromArray(D, denominator, j).add(dk.mul(dk)).intoArray(denominator, j);
                if (relu) {
                    DoubleVector bnj = DoubleVector.fromArray(D, bn, j);
                    DoubleVector bdj = DoubleVector.fromArray(D, bd, j);
                    VectorMask<Double> lower = dk.compare(VectorOperators.GT, 0).and(z.mul(bdj).compare(VectorOperators.LT, bnj.mul(dk)));
                    bnj.blend(z, lower).intoArray(bn, j);
                    bdj.blend(dk, lower).intoArray(bd, j);
                }
            }
            for (int j = upper; j < units; j++) {
                loss += LocalStep.accumulateOne(zs[row + j], ts[row + j], ds[row + j], j, relu, numerator, denominator, bn, bd);
            }
        }
        return loss;
    }
}
