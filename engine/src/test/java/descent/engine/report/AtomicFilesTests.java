package descent.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTests {

    @TempDir
    Path dir;

    @Test
    void writesBytesAndReplacesExistingContent() throws IOException {
        Path file = dir.resolve("a.bin");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);

        AtomicFiles.write(file, new byte[] {9});
        assertThat(Files.readAllBytes(file)).containsExactly(9);
        assertThat(listing()).containsExactly("a.bin");
    }

    @Test
    void writesTextAsUtf8() throws IOException {
        Path file = dir.resolve("t.txt");
        AtomicFiles.writeString(file, "é ✓ 😀\n");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("é ✓ 😀\n");
    }

    @Test
    void leavesPreviousContentAndNoTemporaryFileWhenTheWriterFailsMidway() throws IOException {
        Path file = dir.resolve("checkpoint.bin");
        AtomicFiles.writeString(file, "previous");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk on fire");
        }))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("cannot write '" + file + "'")
                .hasMessageContaining("disk on fire");

        assertThat(Files.readString(file)).isEqualTo("previous");
        assertThat(listing()).containsExactly("checkpoint.bin");
    }

    @Test
    void propagatesARuntimeExceptionFromTheWriterUnchangedAndKeepsTheTarget() throws IOException {
        Path file = dir.resolve("c.bin");
        AtomicFiles.writeString(file, "old");
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(7);
            throw boom;
        })).isSameAs(boom);

        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(listing()).containsExactly("c.bin");
    }

    @Test
    void keepsTheContentWhenTheWriterClosesTheStream() throws IOException {
        Path file = dir.resolve("closed.bin");
        AtomicFiles.write(file, out -> {
            out.write(new byte[] {4, 5});
            out.close();
        });
        assertThat(Files.readAllBytes(file)).containsExactly(4, 5);
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path file = dir.resolve("runs/2024/run.json");
        AtomicFiles.writeString(file, "{}");
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void reportsATargetThatCannotBeReplacedAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));

        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(DescentException.class)
                .hasMessageContaining("'" + target + "'")
                .hasMessageContaining("writable");
        assertThat(listing()).containsExactly("occupied");
    }

    @Test
    void givesNewFilesTheSamePermissionsAsAnyNewFile() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(expected);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
