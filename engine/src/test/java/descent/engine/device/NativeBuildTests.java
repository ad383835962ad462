package descent.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeBuildTests {

    private static final String CACHE = "/root/.javacpp/cache/nd4j-native.jar/org/nd4j/linalg/cpu/nativecpu/bindings/";

    @Test
    void namesTheBuildFromTheDirectoryJavacppUnpackedItTo() {
        assertThat(NativeBuild.buildOf(CACHE + "linux-x86_64/libnd4jcpu.so")).contains("generic");
        assertThat(NativeBuild.buildOf(CACHE + "linux-x86_64-avx512/libnd4jcpu.so")).contains("avx512");
        assertThat(NativeBuild.buildOf(CACHE + "linux-x86_64-onednn-avx2/libnd4jcpu.so")).contains("onednn-avx2");
        assertThat(NativeBuild.buildOf(CACHE + "linux-arm64/libnd4jcpu.so")).isEmpty();
        assertThat(NativeBuild.buildOf(CACHE + "linux-x86_64-sse9/libnd4jcpu.so")).isEmpty();
    }

    @Test
    void theClassPathLoadsTheGenericBuild() {
        Nd4j.create(2, 2);

        assertThat(NativeBuild.current()).isEqualTo(new NativeBuild("generic", "class path (not started by the launcher)"));
        assertThat(NativeBuild.loadedLibrary()).hasValueSatisfying(lib ->
                assertThat(NativeBuild.buildOf(lib)).contains("generic"));
    }

    @Test
    void readsTheLaunchersChoiceFromSystemProperties() {
        System.setProperty("descent.native.build", "avx512");
        System.setProperty("descent.native.build.source", "--native-build");
        try {
            assertThat(NativeBuild.current().describe()).isEqualTo("avx512 (from --native-build)");
        } finally {
            System.clearProperty("descent.native.build");
            System.clearProperty("descent.native.build.source");
        }
    }

    @Test
    void avx512BuildsNeedSkylakeFlagsAndAvx2BuildsNeedFma() {
        assertThat(NativeBuild.requiredFlags("avx512")).contains("avx512f", "avx512bw", "avx512vl");
        assertThat(NativeBuild.requiredFlags("onednn-avx2")).containsExactlyInAnyOrder("avx2", "fma");
        assertThat(NativeBuild.requiredFlags("onednn")).isEmpty();
    }

    @Test
    void rejectsAnUnknownBuild() {
        assertThatThrownBy(() -> new NativeBuild("avx3", "test")).hasMessageContaining("unknown native build 'avx3'; known: generic, avx2");
    }
}
