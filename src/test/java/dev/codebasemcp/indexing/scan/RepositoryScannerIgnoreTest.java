package dev.codebasemcp.indexing.scan;

import static dev.codebasemcp.indexing.scan.ScanFixtures.gitInit;
import static dev.codebasemcp.indexing.scan.ScanFixtures.gitVisibleFiles;
import static dev.codebasemcp.indexing.scan.ScanFixtures.paths;
import static dev.codebasemcp.indexing.scan.ScanFixtures.touch;
import static dev.codebasemcp.indexing.scan.ScanFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryScannerIgnoreTest {

    private final RepositoryScanner scanner = new RepositoryScanner(1024 * 1024);

    @TempDir
    Path root;

    /** A tree exercising git's precedence rules; the same tree is checked against git itself below. */
    private void writeNestedIgnoreTree() throws Exception {
        write(root, ".gitignore", String.join("\n",
                "*.log",
                "/only-root.txt",
                "tmp/",
                "docs/**/draft.md",
                "*.tmp",
                "!important.tmp",
                "!late.cfg",
                "*.cfg",
                "secret/",
                "!secret/ok.txt",
                "# a comment",
                "\\#hash.txt",
                ""));
        write(root, "a/.gitignore", "!keep.log\n");
        write(root, "a/b/.gitignore", "keep.log\n/anchored.txt\n");
        touch(root,
                "main.txt", "root.log", "only-root.txt", "a/only-root.txt",
                "a/keep.log", "a/other.log", "a/b/keep.log", "a/c/keep.log",
                "a/b/anchored.txt", "a/b/deeper/anchored.txt",
                "tmp/inside.txt", "x/tmp/inside.txt", "y/tmp",
                "docs/draft.md", "docs/x/y/draft.md", "docs/final.md", "other/docs/draft.md",
                "scratch.tmp", "important.tmp", "late.cfg", "early.cfg",
                "secret/ok.txt", "secret/key.txt", "#hash.txt", "#comment-like.txt");
    }

    @Test
    void list_nestedGitignores_followGitPrecedence() throws Exception {
        writeNestedIgnoreTree();

        List<String> listed = paths(scanner.list(root));

        assertThat(listed).containsExactly(
                "#comment-like.txt",
                ".gitignore",
                "a/.gitignore",
                "a/b/.gitignore",
                "a/b/deeper/anchored.txt", // "/anchored.txt" in a/b only matches a/b/anchored.txt
                "a/c/keep.log", // re-included by a/.gitignore, not re-ignored by a/b/.gitignore
                "a/keep.log",
                "a/only-root.txt", // "/only-root.txt" is anchored to the root
                "docs/final.md",
                "important.tmp", // negation after the pattern
                "main.txt",
                "other/docs/draft.md", // a pattern with a slash is anchored to its .gitignore
                "y/tmp"); // "tmp/" only matches directories
    }

    @Test
    void list_nestedGitignores_listsExactlyWhatGitWouldAdd() throws Exception {
        writeNestedIgnoreTree();
        gitInit(root);

        assertThat(paths(scanner.list(root))).containsExactlyElementsOf(gitVisibleFiles(root));
    }

    @Test
    void list_gitInfoExclude_appliesBelowEveryGitignore() throws Exception {
        gitInit(root);
        write(root, ".git/info/exclude", "*.secret\nlocal-only/\nreincluded.secret\n");
        write(root, "sub/.gitignore", "!reincluded.secret\n");
        touch(root, "a.secret", "sub/b.secret", "sub/reincluded.secret", "local-only/notes.md", "kept.md");

        List<String> listed = paths(scanner.list(root));

        assertThat(listed).containsExactly("kept.md", "sub/.gitignore", "sub/reincluded.secret");
        assertThat(listed).containsExactlyElementsOf(gitVisibleFiles(root));
    }

    @Test
    void list_gitInfoExclude_isIgnoredWhenGitIsASymlink(@TempDir Path elsewhere) throws Exception {
        write(elsewhere, "info/exclude", "*.md\n");
        Files.createSymbolicLink(root.resolve(".git"), elsewhere);
        touch(root, "kept.md");

        assertThat(paths(scanner.list(root))).containsExactly("kept.md");
    }

    @Test
    void list_codebaseMcpIgnore_appliesAtEveryLevelWithoutGit() throws Exception {
        write(root, ".codebase-mcpignore", "generated/\n*.sql\n");
        write(root, "db/.codebase-mcpignore", "!schema.sql\n");
        touch(root, "app.py", "generated/out.py", "db/data.sql", "db/schema.sql", "lib/generated/x.py");

        assertThat(paths(scanner.list(root))).containsExactly(
                ".codebase-mcpignore", "app.py", "db/.codebase-mcpignore", "db/schema.sql");
        assertThat(root.resolve(".git")).doesNotExist();
    }

    @Test
    void list_codebaseMcpIgnore_winsOverGitignoreInTheSameDirectory() throws Exception {
        write(root, ".gitignore", "*.txt\n!wanted.txt\n");
        write(root, ".codebase-mcpignore", "!notes.txt\nwanted.txt\n");
        touch(root, "notes.txt", "other.txt", "wanted.txt");

        assertThat(paths(scanner.list(root))).containsExactly(".codebase-mcpignore", ".gitignore", "notes.txt");
    }

    @Test
    void list_builtInIgnores_dropDirectoriesLockFilesBundlesAndBinaries() throws Exception {
        touch(root,
                ".git/config", ".hg/store", ".svn/entries", "node_modules/left-pad/index.js", "target/classes/A.java",
                "build/gen.py", "src/dist/x.js", "out/o.txt", ".venv/lib.py", "venv/lib.py", "pkg/__pycache__/m.py",
                ".mypy_cache/x", ".pytest_cache/x", ".tox/x", ".gradle/x", ".idea/workspace.xml", ".vscode/s.json",
                ".next/x.js", ".nuxt/x.js", "coverage/lcov.info", ".cache/x", "bower_components/x.js",
                "vendor/bundle/ruby/gem.rb", ".terraform/x.tf", ".codebase-mcp/config.json",
                "package-lock.json", "web/yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "poetry.lock", "Gemfile.lock",
                "composer.lock", "go.sum",
                "app.min.js", "style.min.css", "app.bundle.js", "app.js.map",
                "logo.PNG", "photo.jpeg", "lib.jar", "Foo.class", "native.so", "win.dll", "tool.exe", "doc.pdf",
                "font.woff2", "clip.mp4", "mod.pyc", "model.onnx", "weights.bin", "data.sqlite",
                "src/app.js", "vendor/other.rb", "bundle/x.rb", "go.mod", "Cargo.toml", "min.js", "icon.svg");

        assertThat(paths(scanner.list(root))).containsExactly(
                "Cargo.toml", "bundle/x.rb", "go.mod", "icon.svg", "min.js", "src/app.js", "vendor/other.rb");
    }

    @Test
    void list_gitFileOfAWorktreeOrSubmodule_isIgnored() throws Exception {
        write(root, ".git", "gitdir: /elsewhere/.git/worktrees/wt\n");
        write(root, "module/.git", "gitdir: ../.git/modules/module\n");
        touch(root, "module/code.c");

        assertThat(paths(scanner.list(root))).containsExactly("module/code.c");
    }

    @Test
    void list_gitignoreNegation_cannotReincludeBuiltIns() throws Exception {
        write(root, ".gitignore", "!node_modules/\n!*.min.js\n!.git/\n");
        touch(root, "node_modules/m.js", "app.min.js", ".git/HEAD", "kept.js");

        assertThat(paths(scanner.list(root))).containsExactly(".gitignore", "kept.js");
    }

    @Test
    void list_ignoredEntries_areNotReportedAsSkipped() throws Exception {
        write(root, ".gitignore", "big.txt\n");
        write(root, "big.txt", "x".repeat(100));
        write(root, "node_modules/huge.js", "x".repeat(100));

        ScanListing listing = new RepositoryScanner(10).list(root);

        assertThat(listing.skipped()).isEmpty();
        assertThat(paths(listing)).containsExactly(".gitignore");
    }
}
