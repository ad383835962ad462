package descent.engine.report;

import descent.api.DescentException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file in one step, so that a reader (or a run resumed after a crash) sees either the
 * previous content or the new content, never a torn mix.
 *
 * <p>Each write goes to a temporary file in the target's own directory (a hidden name starting with
 * {@code .} and the target's name, ending in {@code .tmp}), is flushed to the device with
 * {@link FileChannel#force(boolean)}, and is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} and {@link StandardCopyOption#REPLACE_EXISTING}. Where the
 * file system cannot rename atomically ({@link AtomicMoveNotSupportedException}, for example some
 * network or FUSE file systems), it falls back to a plain {@code REPLACE_EXISTING} move, which on
 * such a file system may briefly expose a missing or partial target if the machine crashes during
 * the move. After the move the directory itself is synced where the platform allows it (Linux and
 * macOS do, Windows does not), so the rename survives a power loss.
 *
 * <p>If writing fails, including an exception thrown by a {@link StreamWriter}, the temporary file is
 * deleted and the target is left as it was. A process killed midway can leave a temporary file
 * behind; it never replaces the target. Missing parent directories are created.
 *
 * <p>Failures are reported as {@link DescentException} naming the path (a full disk or a read-only
 * directory is something the user fixes). Thread safety: concurrent writes to different targets are
 * safe; concurrent writes to the same target each succeed and the last rename wins.
 *
 * <p>Stability: experimental.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream; the stream must not be closed by the writer. */
    @FunctionalInterface
    public interface StreamWriter {

        /**
         * Writes the whole content to {@code out}. The stream is owned by {@link AtomicFiles}: it is
         * buffered, and it is flushed, synced and closed after this method returns.
         *
         * @param out the stream to the temporary file, never null
         * @throws IOException if writing fails; the target is then left unchanged
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @param target the file to write, not null
     * @param bytes the new content, not null; not modified
     * @throws DescentException if the file cannot be written
     */
    public static void write(Path target, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with {@code text} encoded in UTF-8.
     *
     * @param target the file to write, not null
     * @param text the new content, not null
     * @throws DescentException if the file cannot be written
     */
    public static void writeString(Path target, CharSequence text) {
        Objects.requireNonNull(text, "text");
        write(target, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, for content produced by a library that
     * writes to a stream (ND4J's binary serialization, {@code ImageIO}).
     *
     * @param target the file to write, not null
     * @param writer writes the whole content, not null
     * @throws DescentException if the file cannot be written or the writer throws an
     *     {@link IOException}; a {@link RuntimeException} from the writer propagates unchanged, and
     *     in both cases the target is left as it was
     */
    public static void write(Path target, StreamWriter writer) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = createTemp(dir, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.writeTo(new UnclosableOutputStream(out));
                out.flush();
                channel.force(true);
            }
            CrashPoint.reach(absolute.getFileName() + ":written");
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            syncDirectory(dir);
            CrashPoint.reach(absolute.getFileName() + ":renamed");
        } catch (IOException e) {
            throw new DescentException("cannot write '" + target + "': " + describe(e)
                    + "; check that the directory exists, is writable and has free space", e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        // Files.createTempFile would give the file mode 0600 on POSIX, and the target would keep it;
        // createFile applies the process umask like any other new file.
        while (true) {
            long suffix = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
            Path temp = dir.resolve("." + name + "." + Long.toString(suffix, 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // Another writer drew the same name; draw again.
            }
        }
    }

    private static void syncDirectory(Path dir) {
        // Opening a directory for reading is allowed on Linux and macOS and makes fsync persist the
        // rename; Windows refuses, and there the rename is already durable once it returns.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort only: the new content is already in place.
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The write already failed; that failure is the one to report.
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null ? type : type + " " + message;
    }

    /** Keeps a writer from closing the stream before it is synced. */
    private static final class UnclosableOutputStream extends OutputStream {

        private final OutputStream out;

        UnclosableOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
