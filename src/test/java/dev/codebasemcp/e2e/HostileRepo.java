package dev.codebasemcp.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A repository built to hurt an indexer, written by the test: many tiny files, a 50 MB file, binaries and invalid
 * UTF-8 behind source extensions, minified one-line files, a very deep directory chain, symlink loops, symlinks to
 * files and directories outside the repository, unreadable files and directories, a FIFO, odd and non-UTF-8 file
 * names, and (while indexing runs) a writer that keeps creating, rewriting and deleting files.
 */
final class HostileRepo {

    /** What the outside files contain; it must never show up in an index. */
    final String outsideMarker = "OutsideSecretMarker" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
    final Path root;
    final Path outside;
    final int tinyFiles;
    final int depth;
    /** Files written with a readable source extension and valid UTF-8 content, which the index must hold. */
    int indexable;

    HostileRepo(Path parent, int tinyFiles, int depth) {
        this.root = parent.resolve("hostile");
        this.outside = parent.resolve("outside");
        this.tinyFiles = tinyFiles;
        this.depth = depth;
    }

    HostileRepo write() throws IOException, InterruptedException {
        Files.createDirectories(root);
        Fixtures.write(outside.resolve("secret.txt"), "password = " + outsideMarker + "\n");
        Fixtures.write(outside.resolve("lib/Secret.java"), "class Secret { String key = \"" + outsideMarker + "\"; }\n");
        Fixtures.write(root.resolve(".gitignore"), "*.log\n");
        indexable++;
        for (int i = 0; i < tinyFiles; i++) {
            // 100 files a directory; three languages so that both tree-sitter and the line windows run.
            String dir = String.format("tiny/d%04d/", i / 100);
            switch (i % 3) {
                case 0 -> Fixtures.write(root.resolve(dir + "t" + i + ".py"), "def tiny_function_" + i + "():\n    return " + i + "\n");
                case 1 -> Fixtures.write(root.resolve(dir + "T" + i + ".java"), "class T" + i + " { int tinyField" + i + "; }\n");
                default -> Fixtures.write(root.resolve(dir + "n" + i + ".md"), "# Note " + i + "\n\ntiny note number " + i + "\n");
            }
            indexable++;
        }
        writeLarge(root.resolve("big/Huge.java"), 50L * 1024 * 1024);
        Random random = new Random(42);
        byte[] blob = new byte[64 * 1024];
        random.nextBytes(blob);
        blob[10] = 0;
        Files.createDirectories(root.resolve("bin"));
        Files.write(root.resolve("bin/Blob.java"), blob);
        byte[] high = new byte[16 * 1024];
        for (int i = 0; i < high.length; i++) {
            high[i] = (byte) (0x80 | random.nextInt(0x80));
        }
        Files.write(root.resolve("bin/NoNul.c"), high);
        Files.write(root.resolve("bin/latin1.py"), "name = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder js = new StringBuilder();
        for (int i = 0; js.length() < 600_000; i++) {
            js.append("var minifiedFn").append(i).append("=function(a,b){return a*").append(i).append("+b};");
        }
        Fixtures.write(root.resolve("web/app.js"), js.toString());
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; json.length() < 900_000; i++) {
            json.append("\"k").append(i).append("\":[").append(i).append(",\"v").append(i).append("\"],");
        }
        Fixtures.write(root.resolve("web/data.json"), json.append("\"end\":0}").toString());
        indexable += 2;
        Path deep = root.resolve("deep");
        for (int i = 0; i < depth; i++) {
            deep = deep.resolve("d");
        }
        Fixtures.write(deep.resolve("DeepDown.java"), "class DeepDown { void deepestMethodEver() {} }\n");
        indexable++;

        Files.createSymbolicLink(root.resolve("loop"), Path.of("."));
        Files.createSymbolicLink(root.resolve("self"), Path.of("self"));
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/b"), Path.of("../a"));
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("outside-dir"), outside);
        Files.createSymbolicLink(root.resolve("secret.py"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("relative-escape.java"), Path.of("../outside/lib/Secret.java"));
        Files.createSymbolicLink(root.resolve("dangling.py"), root.resolve("nowhere.py"));

        Fixtures.write(root.resolve("locked/Locked.py"), "def locked(): pass\n");
        Fixtures.write(root.resolve("locked-dir/Inner.py"), "def inner(): pass\n");
        Files.setPosixFilePermissions(root.resolve("locked/Locked.py"), PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(root.resolve("locked-dir"), PosixFilePermissions.fromString("---------"));
        run("mkfifo", root.resolve("pipe.py").toString());

        Fixtures.write(root.resolve("names/\u00fcn\u00efc\u00f6d\u00e9_\u540d\u524d.py"), "def unicode_named(): pass\n");
        Fixtures.write(root.resolve("names/with space.py"), "def spaced(): pass\n");
        Fixtures.write(root.resolve("names/new\nline.py"), "def newline_named(): pass\n");
        indexable += 3;
        // A name that is not valid UTF-8 cannot be written through java.nio with a UTF-8 locale; bash can.
        run("bash", "-c", "printf 'def latin1_named(): pass\\n' > \"$0\"/$'caf\\xe9.py'", root.resolve("names").toString());
        return this;
    }

    /** A racing writer: creates, rewrites and deletes files and directories under {@code zz-churn/} until stopped. */
    Thread churn(AtomicBoolean stop, AtomicLong operations) {
        Path dir = root.resolve("zz-churn");
        return Thread.ofPlatform().daemon().name("hostile-churn").start(() -> {
            try {
                Files.createDirectories(dir);
                for (long i = 0; !stop.get(); i++) {
                    Fixtures.write(dir.resolve("c" + (i % 50) + ".py"), "def churn_" + i + "():\n    return " + i + "\n");
                    Files.deleteIfExists(dir.resolve("c" + ((i + 25) % 50) + ".py"));
                    Path sub = dir.resolve("sub" + (i % 7));
                    if (Files.isDirectory(sub)) {
                        deleteTree(sub);
                    } else {
                        Fixtures.write(sub.resolve("S.java"), "class S" + i + " {}\n");
                    }
                    operations.incrementAndGet();
                    Thread.sleep(1); // pace the writer: two cores are shared with the server
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Every regular file and directory under the repository (not following links), for the report. */
    long countEntries() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.count();
        } catch (java.io.UncheckedIOException e) {
            return -1; // an unreadable directory stops Files.walk; only used for the report
        }
    }

    /**
     * Gives the unreadable entries their permissions back and deletes both trees with {@code rm -rf}: JUnit's own
     * clean-up resolves the real path of every directory, which is quadratic in the depth of the deep chain.
     */
    void delete() throws IOException, InterruptedException {
        Files.setPosixFilePermissions(root.resolve("locked-dir"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(root.resolve("locked/Locked.py"), PosixFilePermissions.fromString("rw-------"));
        run("rm", "-rf", root.toString(), outside.toString());
    }

    private static void writeLarge(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] line = "    int filler = 0; // padding the file to a size no indexer should read\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("class Huge {\n".getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[line.length * 1024];
            for (int i = 0; i < 1024; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            // a file vanished under the walk: the next round deletes the rest
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
