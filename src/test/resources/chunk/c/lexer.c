/*
 * Tokenizer for the calculator language.
 * Numbers, identifiers, operators and parentheses; '#' starts a comment.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

#define MAX_IDENT 64
#define IS_OP(c) (strchr("+-*/^%=<>!&|", (c)) != NULL)

struct lexer {
    const char *source;
    const char *pos;
    int line;
    int column;
};

static const char *const keywords[] = {"let", "if", "then", "else", "end", NULL};

/* Creates a lexer over a NUL-terminated source; returns NULL when out of memory. */
lexer *lexer_new(const char *source)
{
    lexer *lx = malloc(sizeof *lx);
    if (lx == NULL) {
        return NULL;
    }
    lx->source = source;
    lx->pos = source;
    lx->line = 1;
    lx->column = 1;
    return lx;
}

void lexer_free(lexer *lx)
{
    free(lx);
}

/* Advances one character, keeping line and column up to date. */
static char advance(lexer *lx)
{
    char c = *lx->pos++;
    if (c == '\n') {
        lx->line++;
        lx->column = 1;
    } else {
        lx->column++;
    }
    return c;
}

static int is_keyword(const char *text, size_t length)
{
    for (const char *const *k = keywords; *k != NULL; k++) {
        if (strlen(*k) == length && strncmp(*k, text, length) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * Returns the next token. At the end of input it returns TOK_END, and keeps
 * returning it; malformed input gives TOK_ERROR with text pointing at the
 * offending character.
 */
token lexer_next(lexer *lx)
{
    token t;
    memset(&t, 0, sizeof t);

    for (;;) {
        while (*lx->pos == ' ' || *lx->pos == '\t' || *lx->pos == '\r' || *lx->pos == '\n') {
            advance(lx);
        }
        if (*lx->pos == '#') {
            while (*lx->pos != '\0' && *lx->pos != '\n') {
                advance(lx);
            }
            continue;
        }
        break;
    }

    t.text = lx->pos;
    t.line = lx->line;
    t.column = lx->column;
    char c = *lx->pos;

    if (c == '\0') {
        t.kind = TOK_END;
        return t;
    }

    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)lx->pos[1]))) {
        char *end;
        t.value = strtod(lx->pos, &end);
        if (end == lx->pos) {
            t.kind = TOK_ERROR;
            t.length = 1;
            advance(lx);
            return t;
        }
        while (lx->pos < end) {
            advance(lx);
        }
        if (isalpha((unsigned char)*lx->pos) || *lx->pos == '_') {
            /* "12abc" is neither a number nor an identifier */
            t.kind = TOK_ERROR;
            t.length = (size_t)(lx->pos - t.text) + 1;
            return t;
        }
        t.kind = TOK_NUMBER;
        t.length = (size_t)(lx->pos - t.text);
        return t;
    }

    if (isalpha((unsigned char)c) || c == '_') {
        while (isalnum((unsigned char)*lx->pos) || *lx->pos == '_') {
            advance(lx);
        }
        t.length = (size_t)(lx->pos - t.text);
        if (t.length > MAX_IDENT) {
            t.kind = TOK_ERROR;
            return t;
        }
        t.kind = is_keyword(t.text, t.length) ? TOK_OP : TOK_IDENT;
        return t;
    }

    switch (c) {
    case '(':
        t.kind = TOK_LPAREN;
        break;
    case ')':
        t.kind = TOK_RPAREN;
        break;
    default:
        if (IS_OP(c)) {
            t.kind = TOK_OP;
            /* two-character operators: <= >= == != && || */
            char n = lx->pos[1];
            if ((n == '=' && strchr("<>=!", c)) || (c == '&' && n == '&') || (c == '|' && n == '|')) {
                advance(lx);
                t.length = 1;
            }
        } else {
            t.kind = TOK_ERROR;
        }
        break;
    }
    advance(lx);
    t.length += 1;
    return t;
}
