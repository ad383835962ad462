import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain DL4J program, run from source on the class path with DL4J's jars only (no descent):
 * loads a descent run's model.zip and prints its accuracy on the first N Fashion-MNIST test
 * images, scaled to [0, 1] as descent's default scaling does.
 *
 * <p>java -cp DL4J_JARS ModelCheck.java MODEL_ZIP DATA_DIR N
 */
public class ModelCheck {
    public static void main(String[] args) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new File(args[0]), false);
        String dir = args[1];
        int n = Integer.parseInt(args[2]);
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new FileInputStream(dir + "/t10k-images-idx3-ubyte.gz")))) {
            in.skipBytes(16);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = in.readUnsignedByte() / 255f;
            }
        }
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new FileInputStream(dir + "/t10k-labels-idx1-ubyte.gz")))) {
            in.skipBytes(8);
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
        }
        INDArray x = Nd4j.create(pixels, new long[] {n, 784}, 'c').castTo(DataType.FLOAT);
        INDArray p = net.output(x);
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < p.size(1); c++) {
                if (p.getDouble(i, c) > p.getDouble(i, best)) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
            loss -= Math.log(Math.max(p.getDouble(i, labels[i]), 1e-12));
        }
        System.out.printf(java.util.Locale.ROOT, "accuracy %.4f loss %.6f%n", (double) correct / n, loss / n);
    }
}
