// The debugger's instantiation of the dispatch loop (execute_loop<true>, see
// debug_hook.hpp), compiled apart from `ark run`'s so that adding it changes
// nothing in how the compiler builds that one (interpreter.cpp).
#define ARK_DEBUG_LOOP 1
#include "interpreter.cpp"
