// Catch2 entry point of ark_grammar_tests (corpus, queries and programs suites).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
