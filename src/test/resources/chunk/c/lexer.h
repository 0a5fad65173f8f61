/* Tokenizer for the calculator language. */
#ifndef CALC_LEXER_H
#define CALC_LEXER_H

#include <stddef.h>

/* Kinds of tokens the lexer produces. */
typedef enum {
    TOK_NUMBER,
    TOK_IDENT,
    TOK_OP,
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_END,
    TOK_ERROR
} token_kind;

/* One token; text points into the source and is not NUL-terminated. */
typedef struct {
    token_kind kind;
    const char *text;
    size_t length;
    double value;
    int line;
    int column;
} token;

typedef struct lexer lexer;

lexer *lexer_new(const char *source);
void lexer_free(lexer *lx);
token lexer_next(lexer *lx);

#endif /* CALC_LEXER_H */
