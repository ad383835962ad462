package descent.optimizers.targetprop;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The hidden (and inverse) activations the trainers take: ReLU (the thesis) or tanh (Lee et al. 2015); identity for the output's logits. */
enum Activation {
    RELU, TANH, IDENTITY;

    /** act(z) as a new array. */
    INDArray apply(INDArray z) {
        return switch (this) {
            case RELU -> Transforms.relu(z, true);
            case TANH -> Transforms.tanh(z, true);
            case IDENTITY -> z.dup();
        };
    }

    /** act'(z), given z and a = act(z), as a new array. */
    INDArray derivative(INDArray z, INDArray a) {
        return switch (this) {
            case RELU -> Transforms.step(z);
            case TANH -> a.mul(a).rsubi(1);
            case IDENTITY -> z.like().assign(1);
        };
    }
}
