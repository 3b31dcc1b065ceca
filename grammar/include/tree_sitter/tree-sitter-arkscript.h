/* The ArkScript v4 tree-sitter language (generated parser in grammar/src/parser.c).
 * Nodes and fields are listed in grammar/NODES.md. */
#ifndef TREE_SITTER_ARKSCRIPT_H_
#define TREE_SITTER_ARKSCRIPT_H_

typedef struct TSLanguage TSLanguage;

#ifdef __cplusplus
extern "C" {
#endif

const TSLanguage *tree_sitter_arkscript(void);

#ifdef __cplusplus
}
#endif

#endif /* TREE_SITTER_ARKSCRIPT_H_ */
