/**
 * Repository scanning: {@link dev.codebasemcp.indexing.scan.RepositoryScanner} lists the files of a repository that
 * pass the ignore rules (built-ins, nested {@code .gitignore}, {@code .git/info/exclude}, {@code .codebase-mcpignore};
 * gitignore matching by JGit) and reads each one as UTF-8 text, reporting files it cannot index as
 * {@link dev.codebasemcp.indexing.scan.SkippedFile}s with a reason. Owns file-system access to the repository; never
 * reads outside the repository's real path. Must not import store, search, jobs, mcp, cli or the other indexing stages.
 */
package dev.codebasemcp.indexing.scan;
