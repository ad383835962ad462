package descent.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.Hyperparameters;
import descent.api.data.Dataset;
import descent.api.data.DatasetRequest;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SoybeanSmallProviderTests {

    private static final SoybeanSmallProvider SOYBEAN = new SoybeanSmallProvider();

    private static Dataset load(long seed, Map<String, String> hp) {
        return SOYBEAN.load(new DatasetRequest(Optional.empty(),
                Hyperparameters.of("data set 'soybean-small'", SOYBEAN.hyperparameters(), hp), seed));
    }

    private static int[] classCounts(INDArray labels) {
        int[] counts = new int[4];
        for (int c : new descent.api.data.Split(labels, labels).classIndices()) {
            counts[c]++;
        }
        return counts;
    }

    private static Set<String> rows(INDArray features) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < features.rows(); i++) {
            out.add(java.util.Arrays.toString(features.getRow(i).toIntVector()));
        }
        return out;
    }

    @Test
    void shippedFileIsTheByteExactUciCopy() throws Exception {
        try (InputStream in = SoybeanSmallProvider.class.getResourceAsStream(SoybeanSmallProvider.RESOURCE)) {
            assertThat(in).isNotNull();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(HexFormat.of().formatHex(digest))
                    .isEqualTo("f096d1675db0270071311c9f46813b204372370bd68252a5a417bdcff5879717");
        }
        assertThat(SoybeanSmallProvider.class.getResource("/descent/datasets/soybean-small/NOTICE.md")).isNotNull();
    }

    @Test
    void defaultSplitIsTheThesisFortyTrainSevenTestStratifiedByClass() {
        Dataset data = load(1, Map.of());

        assertThat(data.train().size()).isEqualTo(40);
        assertThat(data.test().size()).isEqualTo(7);
        assertThat(data.featureShape()).containsExactly(35);
        assertThat(data.classNames()).containsExactly("D1", "D2", "D3", "D4");
        assertThat(data.naturalRange()).isNull();
        assertThat(classCounts(data.test().labels())).containsExactly(2, 1, 1, 3);
        assertThat(classCounts(data.train().labels())).containsExactly(8, 9, 9, 14);
        assertThat(data.train().features().maxNumber().doubleValue()).isEqualTo(6.0);
        assertThat(data.train().features().minNumber().doubleValue()).isEqualTo(0.0);
    }

    @Test
    void splitIsSeededAndDisjoint() {
        Dataset a = load(1, Map.of());
        Dataset again = load(1, Map.of());
        Dataset other = load(2, Map.of());

        assertThat(again.test().features()).isEqualTo(a.test().features());
        assertThat(other.test().features()).isNotEqualTo(a.test().features());
        Set<String> train = rows(a.train().features());
        Set<String> test = rows(a.test().features());
        test.retainAll(train);
        assertThat(test).isEmpty();
    }

    @Test
    void largerTestSizeKeepsEveryClassInBothSplits() {
        Dataset data = load(3, Map.of("test-size", "40"));
        assertThat(data.test().size()).isEqualTo(40);
        assertThat(classCounts(data.train().labels())).doesNotContain(0);
        assertThat(classCounts(data.test().labels())).doesNotContain(0);
    }

    @Test
    void testSizeOutOfRangeIsRejectedNamingTheField() {
        assertThatThrownBy(() -> load(1, Map.of("test-size", "3")))
                .isExactlyInstanceOf(DescentException.class)
                .hasMessageContaining("hyperparameter 'test-size' of data set 'soybean-small' must be in [4, 40], got 3");
    }
}
