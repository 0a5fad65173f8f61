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
 *   <li>A definition is one chunk, together with the comments and attributes directly above it (no blank line
 *       between): Javadoc/KDoc/Scaladoc/JSDoc/PHP docblocks, {@code ///}, {@code //} and {@code #} comments,
 *       Rust {@code #[attr]}; annotations, decorators and C# {@code [Attr]} are part of the definition's syntax
 *       anyway. A comment after code on its line (a closing brace, then {@code // namespace ns}) is not the doc of
 *       what follows.
 *       Kinds: {@code function}, {@code method} (a function inside a type), {@code constructor}, {@code class},
 *       {@code interface}, {@code enum}, {@code record}, {@code struct}, {@code union}, {@code trait},
 *       {@code impl}, {@code object}, {@code module} (Ruby), {@code type}, {@code macro}, {@code property},
 *       {@code annotation}. Also definitions: C/C++ function prototypes (headers are mostly these), and
 *       JavaScript functions bound to a name ({@code const f = () => ...}, {@code exports.f = function ...}).
 *   <li>A type too big for one chunk becomes a header chunk (its doc and declaration lines, kind of the type),
 *       which merges forward with the fields after it when small, followed by its members, each named
 *       {@code Outer.member}. Any other definition too big is cut into parts between its statements; every
 *       part keeps the definition's kind and symbol.
 *   <li>Cutting: {@link dev.codebasemcp.indexing.chunk.LineSplitter} minimises, by dynamic programming, the sum
 *       of the boundary costs ({@link dev.codebasemcp.indexing.chunk.BoundaryCosts}: 4 per syntax level spanning
 *       the boundary, prohibitive inside comments and strings and between a doc comment and its code, a level
 *       more right after the first line of a compound statement, cheaper at blank lines, dearer below a comment)
 *       plus a price per part, a surcharge for parts under a quarter of the limits and a small quadratic size
 *       term for balance. So parts fall between statements at the shallowest level that gives parts of
 *       reasonable, similar size.
 *   <li>Code outside definitions (package, imports, fields, top-level statements) is kept and cut the same way:
 *       kind {@code module} at file level, {@code block} with the type's symbol inside a type.
 *   <li>Namespaces (C++, C#, PHP, TypeScript), Rust inline modules, C/C++ preprocessor conditionals and
 *       {@code extern "C"} blocks are looked through: their members are chunked as if at file level, and
 *       namespaces do not prefix symbols. Grammars that put trailing comments inside the node before them
 *       (Python blocks, Kotlin imports) are corrected: such comments go with what follows.
 *   <li>Merging ({@link dev.codebasemcp.indexing.chunk.PieceMerger}): a chunk under {@code minChars} joins its
 *       neighbour while the union stays within three quarters of both limits (roughly what the embedding model
 *       reads); a crumb under {@code minChars / 4} (a closing brace) joins a neighbour within the full limits.
 *       Chunks merge only within one level (the file, the body of one type), and nothing merges into a part of
 *       a definition that was too big, except a crumb without a definition. A group with one definition keeps
 *       its kind and symbol; with several it is kind {@code block} and its symbols are joined with {@code ", "}.
 *   <li>Symbols are qualified by enclosing types with {@code "."}, except in C++ and Rust, which use
 *       {@code "::"}, their own path separator (so Rust methods of {@code impl Type} are {@code Type::method}; C++
 *       names written qualified, {@code Foo::bar}, are kept as written and are of kind {@code method}). Go
 *       methods are {@code Receiver.Method}; an unnamed Kotlin companion object is {@code Outer.Companion}.
 *   <li>{@code .h} files are labelled {@code c} but parsed with the C++ grammar, which also reads C declarations.
 *   <li>If tree-sitter returns no tree, or chunking fails unexpectedly (logged as a warning with the exception),
 *       the file is cut into line windows instead.
 * </ul>
 *
 * <h2>Text</h2>
 * Other files are cut into windows of at most {@code windowLines} lines (kind {@code window}), ending preferably at
 * a blank line, then after a {@code ;} or before an unindented line. Markdown is first cut at ATX and setext
 * headings outside fenced code and front matter (kind {@code section}, symbol the heading text), then windowed
 * and merged likewise.
 *
 * <h2>Resources and speed</h2>
 * Parsing is most of the time it takes to make a repository searchable. A file's syntax tree is read into one int
 * array ({@link dev.codebasemcp.indexing.chunk.SyntaxTree}) and freed at once, so the chunker walks Java memory
 * instead of crossing JNI for every node (and native trees never wait for the cleaner, which grew native memory by
 * gigabytes). The tree comes from the optimized parser ({@link dev.codebasemcp.indexing.chunk.NativeParser}: the
 * same tree-sitter runtime compiled with -O2, built by {@code scripts/build-native-parser.sh}, about 2.5 times
 * faster) when it is built, else from the binding's parser, read with one cursor walk: the same tree either way.
 * The binding's parsers are not thread-safe: each call borrows one from a per-language pool of idle parsers;
 * languages are created once and shared. The code reads rows from byte offsets through a line table and compares
 * symbol ids instead of type strings.
 */
package dev.codebasemcp.indexing.chunk;
