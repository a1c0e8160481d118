package xyz.halyrd.cycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The two embedded Derby databases the benchmarks compare: {@code memory} (what CycleRunTest uses; no disk) and
 * {@code file} (what the uber-jar runs on: every commit waits for the log to reach the disk).
 */
final class BenchDatabase {

    private static final Path ROOT = Path.of("target", "bench-derby");

    private BenchDatabase() {
    }

    static InProcessCycle.Database open(String kind, String name) {
        return switch (kind) {
            case "memory" -> InProcessCycle.Database.inMemory(name + "-" + System.nanoTime());
            case "file" -> InProcessCycle.Database.inDirectory(ROOT.resolve(name + "-" + System.nanoTime()));
            default -> throw new IllegalArgumentException("database is memory or file, not " + kind);
        };
    }

    /** Removes what the file databases left; a memory database is gone once dropped. */
    static void clean() {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
