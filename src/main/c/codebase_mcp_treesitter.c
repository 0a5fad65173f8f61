/*
 * JNI glue of codebase-mcp's optimized tree-sitter parser (see scripts/build-native-parser.sh and
 * dev.codebasemcp.indexing.chunk.NativeParser).
 *
 * The tree-sitter runtime bundled with the Java binding (io.github.bonede:tree-sitter) is compiled without
 * optimization and with assertions; the same runtime built with -O2 parses about 2.5 times faster. This library is
 * that runtime plus two calls. Grammars stay those of the Java binding: Java hands over the TSLanguage pointer its
 * grammar jar already loaded.
 *
 * parse() returns the whole syntax tree in one array, so that the chunker walks Java arrays instead of crossing JNI
 * for every node. Four ints per node, in pre-order:
 *   [0] symbol (bits 0-15) | named flag (bit 16) | field id of the node in its parent (bits 17-31)
 *   [1] start byte   [2] end byte (UTF-8 offsets)
 *   [3] index (in nodes) just past the node's last descendant, i.e. where its next sibling starts
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define INTS_PER_NODE 4

typedef struct {
    jint *data;
    size_t nodes;
    size_t capacity;
} Nodes;

static int grow(Nodes *out) {
    size_t capacity = out->capacity == 0 ? 1024 : out->capacity * 2;
    jint *data = realloc(out->data, capacity * INTS_PER_NODE * sizeof(jint));
    if (data == NULL) {
        return 0;
    }
    out->data = data;
    out->capacity = capacity;
    return 1;
}

/* Pre-order walk with a cursor; returns 0 when out of memory. */
static int flatten(TSNode root, Nodes *out) {
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    /* indexes of the open ancestors, whose "next" slot is filled when the walk leaves them */
    size_t *open = NULL;
    size_t depth = 0, open_capacity = 0;
    int ok = 1;
    for (;;) {
        if (out->nodes == out->capacity && !grow(out)) {
            ok = 0;
            break;
        }
        TSNode node = ts_tree_cursor_current_node(&cursor);
        uint32_t field = ts_tree_cursor_current_field_id(&cursor);
        jint *slot = out->data + out->nodes * INTS_PER_NODE;
        slot[0] = (jint) ((uint32_t) ts_node_symbol(node) | (ts_node_is_named(node) ? 1u << 16 : 0u) | (field << 17));
        slot[1] = (jint) ts_node_start_byte(node);
        slot[2] = (jint) ts_node_end_byte(node);
        slot[3] = (jint) (out->nodes + 1);
        if (depth == open_capacity) {
            open_capacity = open_capacity == 0 ? 64 : open_capacity * 2;
            size_t *grown = realloc(open, open_capacity * sizeof(size_t));
            if (grown == NULL) {
                ok = 0;
                break;
            }
            open = grown;
        }
        open[depth++] = out->nodes;
        out->nodes++;
        if (ts_tree_cursor_goto_first_child(&cursor)) {
            continue;
        }
        /* leaf: close it and every ancestor without a next sibling */
        for (;;) {
            size_t closed = open[--depth];
            out->data[closed * INTS_PER_NODE + 3] = (jint) out->nodes;
            if (ts_tree_cursor_goto_next_sibling(&cursor)) {
                break;
            }
            if (depth == 0 || !ts_tree_cursor_goto_parent(&cursor)) {
                while (depth > 0) {
                    closed = open[--depth];
                    out->data[closed * INTS_PER_NODE + 3] = (jint) out->nodes;
                }
                goto done;
            }
        }
    }
done:
    free(open);
    ts_tree_cursor_delete(&cursor);
    return ok;
}

JNIEXPORT jintArray JNICALL Java_dev_codebasemcp_indexing_chunk_NativeParser_abiRange(JNIEnv *env, jclass cls) {
    jint range[2] = {TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION};
    jintArray out = (*env)->NewIntArray(env, 2);
    if (out != NULL) {
        (*env)->SetIntArrayRegion(env, out, 0, 2, range);
    }
    return out;
}

/* The flattened tree of UTF-8 source, or null when the language is refused or tree-sitter gives no tree. */
JNIEXPORT jintArray JNICALL Java_dev_codebasemcp_indexing_chunk_NativeParser_parse(JNIEnv *env, jclass cls,
                                                                                  jlong language, jbyteArray source) {
    const TSLanguage *lang = (const TSLanguage *) (intptr_t) language;
    jsize length = (*env)->GetArrayLength(env, source);
    jbyte *bytes = (*env)->GetByteArrayElements(env, source, NULL);
    if (bytes == NULL) {
        return NULL;
    }
    TSParser *parser = ts_parser_new();
    TSTree *tree = NULL;
    if (ts_parser_set_language(parser, lang)) {
        tree = ts_parser_parse_string(parser, NULL, (const char *) bytes, (uint32_t) length);
    }
    (*env)->ReleaseByteArrayElements(env, source, bytes, JNI_ABORT);
    ts_parser_delete(parser);
    if (tree == NULL) {
        return NULL;
    }
    Nodes nodes = {NULL, 0, 0};
    int ok = flatten(ts_tree_root_node(tree), &nodes);
    ts_tree_delete(tree);
    jintArray out = NULL;
    if (!ok) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) {
            (*env)->ThrowNew(env, oom, "tree-sitter: no memory to flatten the syntax tree");
        }
    } else if (nodes.nodes * INTS_PER_NODE <= INT32_MAX) {
        out = (*env)->NewIntArray(env, (jsize) (nodes.nodes * INTS_PER_NODE));
        if (out != NULL) {
            (*env)->SetIntArrayRegion(env, out, 0, (jsize) (nodes.nodes * INTS_PER_NODE), nodes.data);
        }
    }
    free(nodes.data);
    return out;
}
