/**
 * Which device descent computes on and which native build of ND4J runs there. ND4J's backends
 * ({@link descent.engine.device.Backend}: the CPU's {@code nd4j-native}, CUDA's
 * {@code nd4j-cuda-11.6}) are discovered by class, without initialising ND4J, and ranked the way
 * ND4J ranks them (CUDA above the CPU, as DJL ranks its engines); {@link
 * descent.engine.device.DeviceSelection} turns {@code --device auto|cpu|cuda} into one backend and
 * the reasons for it, fails in one line when an explicit choice is unavailable, and checks, before
 * and after ND4J initialises, that ND4J loads the backend chosen. {@link
 * descent.engine.device.NativeBuild} reports which CPU build ({@code generic}, {@code avx2},
 * {@code avx512}, ...) the launcher put on the module path and why.
 */
package descent.engine.device;
