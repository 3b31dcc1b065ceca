// The one main() of the unit-test runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
