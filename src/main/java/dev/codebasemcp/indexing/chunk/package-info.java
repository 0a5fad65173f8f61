/**
 * Chunking: cuts one file's text into {@link dev.codebasemcp.Chunk}s for embedding and BM25. Entry point
 * {@link dev.codebasemcp.indexing.chunk.Chunker}; pure computation on a path and a string (no I/O, no store, no
 * embedding). Imports only the root records, tree-sitter (io.github.bonede) and SLF4J; must not import
 * {@code store}, {@code embed}, {@code scan}, {@code jobs}, {@code search} or {@code mcp}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>A chunk is a run of whole lines: {@code content} is exactly lines {@code startLine..endLine} (1-based,
 *       inclusive) joined with {@code "\n"}; lines are split at {@code \n} and a {@code \r} before it is dropped.
 *   <li>Chunks are sorted, never overlap, and together cover every non-blank line. Blank lines between chunks
 *       may be left out; a chunk never starts or ends with a blank line.
 *   <li>Every chunk has at most {@code maxLines} lines and {@code maxChars} characters, unless it is a single
 *       longer line (lines are never cut).
 * </ul>
 *
 * <h2>Code (tree-sitter: java, python, javascript, typescript, tsx, go, rust, c, cpp, csharp, ruby, php, kotlin,
 * scala, bash)</h2>
 * <ul>
 *   <li>A definition (function, method, constructor, class, interface, enum, record, struct, trait, impl, object,
 *       module, type alias, macro, property) is one chunk, together with the comments and attributes directly
 *       above it (no blank line between): Javadoc/KDoc/Scaladoc/JSDoc/PHP docblocks, {@code ///} and
 *       {@code //} comments, {@code #} comments, Rust {@code #[attr]}; annotations, decorators and C#
 *       {@code [Attr]} are part of the definition's syntax anyway. A comment after code on its line is not a
 *       doc comment of what follows.
 *   <li>A type too big for one chunk becomes a header chunk (doc, declaration lines, and, when they are small
 *       enough to merge, the fields after it; kind of the type) followed by its members, each named
 *       {@code Outer.member}. Any other definition too big is cut between statements (at the shallowest syntax
 *       boundaries, balanced in size, never inside a comment or string unless nothing else fits); every part
 *       keeps the definition's kind and symbol.
 *   <li>Code outside definitions (package, imports, fields, top-level statements) is kept: kind {@code module}
 *       at file level, {@code block} with the type's symbol inside a type.
 *   <li>Namespaces, Rust inline modules, C/C++ preprocessor conditionals and {@code extern "C"} blocks are looked
 *       through: their members are chunked as if at file level, and namespaces do not prefix symbols.
 *   <li>Merging: a chunk under {@code minChars} joins its neighbour while the union stays within three quarters
 *       of both limits (what the embedding model reads); a crumb under {@code minChars / 4} (a closing brace)
 *       joins a neighbour within the full limits. A group with one definition keeps its kind and symbol; with
 *       several it is kind {@code block} and its symbols are joined with {@code ", "}.
 *   <li>Symbols are qualified by enclosing types with {@code "."}, except in C++ and Rust, which use
 *       {@code "::"} (their own path separator; C++ names written qualified, {@code Foo::bar}, are kept as written
 *       and are of kind {@code method}). Go methods are {@code Receiver.Method}. {@code function} becomes
 *       {@code method} inside a type.
 *   <li>{@code .h} files are labelled {@code c} but parsed with the C++ grammar, which also reads C declarations.
 *   <li>If tree-sitter returns no tree, or chunking fails unexpectedly (logged as a warning), the file is cut
 *       into line windows instead.
 * </ul>
 *
 * <h2>Text</h2>
 * Other files are cut into windows of at most {@code windowLines} lines (kind {@code window}), ending preferably at
 * a blank line, then after a {@code ;} or before an unindented line. Markdown is first cut at ATX and setext
 * headings outside fenced code (kind {@code section}, symbol the heading text), then windowed and merged likewise.
 *
 * <h2>Resources</h2>
 * Every tree is closed when its file is done (leaving trees to the cleaner grows native memory by gigabytes).
 * Parsers are not thread-safe: each call borrows one from a per-language pool of idle parsers.
 */
package dev.codebasemcp.indexing.chunk;
