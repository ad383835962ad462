package descent.app.internal;

import descent.api.DescentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One run's output folder, held by one process at a time: an OS lock on {@code DIR/.lock} (which
 * the OS releases when the process dies, however it dies), with the holder's pid written in the
 * file for the message a second process gets.
 *
 * <p>Taking the lock also removes what an interrupted writer can leave behind: the temporary files
 * of {@link descent.engine.report.AtomicFiles} ({@code .NAME.*.tmp}) and the trash of an
 * interrupted {@link #overwrite()} ({@code .overwritten-*}).
 */
final class RunFolder implements AutoCloseable {

    static final String LOCK = ".lock";
    private static final String TRASH = ".overwritten-";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    /** Whether {@link #lock} made the folder. */
    private final boolean created;

    private RunFolder(Path dir, FileChannel channel, FileLock lock, boolean created) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /**
     * Creates {@code dir} if needed and takes its lock.
     *
     * @throws DescentException when another process holds it (naming the folder and that process's
     *     pid) or the folder cannot be created
     */
    static RunFolder lock(Path dir) {
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DescentException("cannot create output directory '" + dir + "': " + e.getMessage());
        }
        Path file = dir.resolve(LOCK);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new DescentException("run folder '" + dir + "' is in use by another descent process" + holder
                        + "; wait for it to finish, or give another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            RunFolder folder = new RunFolder(dir, channel, lock, created);
            folder.removeLeftovers();
            return folder;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DescentException("cannot lock run folder '" + dir + "' (" + file + "): " + e.getMessage());
        } catch (java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DescentException("run folder '" + dir + "' is already in use by this process; give each run its own --out");
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }

    Path dir() {
        return dir;
    }

    /** The entries of the folder other than its lock file. */
    List<Path> contents() {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (!p.getFileName().toString().equals(LOCK)) {
                    entries.add(p);
                }
            }
        } catch (IOException e) {
            throw new DescentException("cannot list run folder '" + dir + "': " + e.getMessage());
        }
        entries.sort(Comparator.comparing(Path::toString));
        return entries;
    }

    /** Whether the folder holds a descent run (its {@code run.json}). */
    boolean holdsRun() {
        return Files.isRegularFile(dir.resolve(TrainRunner.RUN_JSON));
    }

    /**
     * For a new run: the folder must be empty (but for the lock), or hold a run and
     * {@code overwrite} be set, in which case that run is removed as a whole.
     *
     * @throws DescentException naming the folder, what it holds and the options that apply
     */
    void prepareForNewRun(boolean overwrite) {
        List<Path> contents = contents();
        if (contents.isEmpty()) {
            return;
        }
        if (!holdsRun()) {
            throw new DescentException("output directory '" + dir + "' is not empty and holds no descent run ("
                    + names(contents) + "); give an empty or new --out");
        }
        if (!overwrite) {
            throw new DescentException("output directory '" + dir + "' holds a run already; --resume " + dir
                    + " continues it, --overwrite replaces it, or give another --out");
        }
        overwrite();
    }

    /**
     * Removes the run in the folder as a whole. Each entry is first renamed into a trash folder
     * inside it, {@code run.json} last, and the trash is then deleted: a crash at any instant
     * leaves either the old run recognisable as one (its {@code run.json} in place) or nothing of
     * it but trash, which the next lock removes.
     */
    void overwrite() {
        Path trash = dir.resolve(TRASH + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(trash);
            Path record = dir.resolve(TrainRunner.RUN_JSON);
            for (Path p : contents()) {
                if (!p.equals(record) && !p.equals(trash)) {
                    Files.move(p, trash.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            if (Files.exists(record)) {
                Files.move(record, trash.resolve(record.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(trash);
        } catch (IOException e) {
            throw new DescentException("cannot remove the old run in '" + dir + "': " + e.getMessage());
        }
    }

    private void removeLeftovers() throws IOException {
        for (Path p : contents()) {
            String name = p.getFileName().toString();
            if (name.startsWith(TRASH) && Files.isDirectory(p)) {
                deleteTree(p);
            } else if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String names(List<Path> entries) {
        List<String> names = entries.stream().limit(3).map(p -> p.getFileName().toString()).toList();
        return String.join(", ", names) + (entries.size() > 3 ? " and " + (entries.size() - 3) + " more" : "");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        // A folder this process made and left holding only its lock (the run failed before it
        // started: a bad option, a model that does not fit) goes again, so nothing is left behind.
        if (created) {
            try (var entries = Files.list(dir)) {
                if (entries.allMatch(p -> p.getFileName().toString().equals(LOCK))) {
                    Files.deleteIfExists(dir.resolve(LOCK));
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // a folder that cannot be listed or removed stays as it is
            }
        }
    }
}
