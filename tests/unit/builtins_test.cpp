// vm/builtins: the builtin table and every builtin that runs without the
// interpreter (LANGUAGE.md §6.3, §7 locks). Builtins are called through the
// table with a real ExecutionContext whose output goes to a string.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <thread>

#include "builtins/lock.hpp"
#include "builtins/registry.hpp"
#include "vocabulary.hpp"
#include "context.hpp"
#include "errors.hpp"
#include "printer.hpp"

using namespace ark::vm;

namespace {

class StringSink final : public OutputSink {
public:
    void write(std::string_view text) override {
        std::lock_guard lock(mutex_);
        text_ += text;
        ++writes_;
    }
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }
    int writes() {
        std::lock_guard lock(mutex_);
        return writes_;
    }

private:
    std::mutex mutex_;
    std::string text_;
    int writes_ = 0;
};

struct Fixture {
    StringSink sink;
    Runtime runtime;
    std::unique_ptr<ExecutionContext> ctx;

    Fixture() {
        auto program = std::make_shared<Program>();
        program->symbol_names = {"name"};
        runtime.program = program;
        runtime.out = &sink;
        ctx = std::make_unique<ExecutionContext>(runtime);
    }

    Value call(std::string_view name, std::vector<Value> args) {
        auto id = find_builtin(name);
        INFO(name);
        REQUIRE(id.has_value());
        return builtin_table()[*id].fn(*ctx, args);
    }
    std::string show(std::string_view name, std::vector<Value> args) { return to_display(call(name, std::move(args)), ctx->program()); }
    std::string error(std::string_view name, std::vector<Value> args) {
        try {
            call(name, std::move(args));
        } catch (const ArkError& e) {
            return e.kind_name() + ": " + e.message;
        }
        return "no error";
    }
};

Value num(double d) { return Value::number(d); }
Value str(const char* s) { return Value::string(s); }
Value list(std::vector<Value> items) { return Value::list(std::move(items)); }

}  // namespace

TEST_CASE("builtin table", "[vm][builtins]") {
    // ArkScript 4.0: the namespaced builtins are `builtin__...` names, wrapped by std modules.
    const char* required[] = {
        "print", "puts", "input", "time", "builtin__sys:sleep", "builtin__sys:exit", "builtin__sys:exec",
        "builtin__sys:programName", "builtin__sys:version", "format",
        "builtin__string:find", "builtin__string:removeAt", "builtin__string:ord", "builtin__string:chr",
        "builtin__string:setAt", "builtin__string:utf8len", "builtin__string:codepoints", "builtin__string:bytes",
        "builtin__list:reverse", "builtin__list:find", "builtin__list:slice", "builtin__list:sort", "builtin__list:fill",
        "builtin__list:setAt", "builtin__io:readFile", "builtin__io:writeFile", "builtin__io:appendToFile",
        "builtin__io:fileExists?", "builtin__io:dir?", "builtin__io:listFiles", "builtin__io:makeDir",
        "builtin__io:removeFile", "builtin__math:exp", "builtin__math:ln", "builtin__math:floor", "builtin__math:ceil",
        "builtin__math:round", "builtin__math:cos", "builtin__math:sin", "builtin__math:tan", "builtin__math:arccos",
        "builtin__math:arcsin", "builtin__math:arctan", "builtin__math:cosh", "builtin__math:sinh", "builtin__math:tanh",
        "builtin__math:acosh", "builtin__math:asinh", "builtin__math:atanh", "builtin__math:NaN?", "builtin__math:Inf?",
        "builtin__math:bitAnd", "builtin__math:countOnes", "builtin__math:circularRightShift",
        "lock:new", "lock:acquire", "lock:release", "lock:try", "lock:with", "random", "apply", "disassemble",
    };
    for (const char* name : required) {
        CAPTURE(name);
        CHECK(find_builtin(name).has_value());
    }
    CHECK_FALSE(find_builtin("str:nope").has_value());
    CHECK_FALSE(find_builtin("list:reverse").has_value());  // std.List's name, not a builtin
    std::set<std::string_view> names;
    const auto& table = builtin_table();
    // The vocabulary's builtins (the operators' function values follow them).
    for (uint32_t id = 0; id < ark::language::builtins().size(); ++id) {
        const BuiltinSpec& spec = table[id];
        CAPTURE(spec.name);
        CHECK(names.insert(spec.name).second);
        CHECK(find_builtin(spec.name) == id);
        CHECK(spec.fn != nullptr);
        CHECK(spec.signature.starts_with("(" + std::string(spec.name)));
        CHECK_FALSE(spec.doc.empty());
    }
    CHECK_FALSE(find_builtin("str:format"));  // renamed `format' (4.0): an E0112 in analysis
}

TEST_CASE("builtin constants", "[vm][builtins]") {
    Program program;
    auto show = [&](const char* name) { return to_display(*builtin_constant(name), program); };
    CHECK(show("true") == "true");
    CHECK(show("false") == "false");
    CHECK(show("nil") == "nil");
    CHECK(show("builtin__math:pi") == "3.141592653589793");
    CHECK(show("builtin__math:e") == "2.718281828459045");
    CHECK(show("builtin__math:tau") == "6.283185307179586");
    CHECK(show("builtin__math:Inf") == "inf");
    CHECK(show("builtin__math:NaN") == "nan");
    CHECK(show("builtin__sys:platform") == "Linux");
    CHECK_FALSE(builtin_constant("print").has_value());
}

TEST_CASE_METHOD(Fixture, "print, puts and input", "[vm][builtins]") {
    call("print", {num(1), str(" "), str("a"), str(" "), list({str("b"), Value::nil()})});
    call("print", {});
    call("puts", {str("x"), num(2.5)});
    CHECK(sink.text() == "1 a [\"b\" nil]\n\nx2.5");
    CHECK(sink.writes() == 3);  // one write per call: tasks never interleave inside a line
    runtime.allow_input = false;
    CHECK(error("input", {str("name? ")}) == "IOError: input: reading from stdin is disabled in this run");
    CHECK(error("input", {num(1)}) == "TypeError: Function input expected () or (String), got (Number)");
}

TEST_CASE_METHOD(Fixture, "time, sys:sleep, sys:exit, sys:exec", "[vm][builtins]") {
    CHECK(call("time", {}).as_number() > 1.7e9);
    CHECK(show("builtin__sys:sleep", {num(0)}) == "nil");
    runtime.cancelled = true;  // a cancelled run does not sleep
    auto start = std::chrono::steady_clock::now();
    call("builtin__sys:sleep", {num(60000)});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    try {
        call("builtin__sys:exit", {num(3)});
        FAIL("sys:exit returned");
    } catch (const ExitRequest& exit) {
        CHECK(exit.status == 3);
    }
    // A cancelled run starts no command; one that goes on gets the command's output.
    CHECK(error("builtin__sys:exec", {str("echo hi")}) ==
          "VMError: sys:exec: the run was cancelled while the command \"echo hi\" ran");
    runtime.cancelled = false;
    CHECK(show("builtin__sys:exec", {str("echo hi")}) == "hi\n");
    CHECK(show("builtin__sys:exec", {str("printf 'a\\0b'; exit 3")}).size() == 3);  // bytes as written, the status ignored
    CHECK(error("builtin__sys:sleep", {str("1")}) == "TypeError: Function sys:sleep expected (Number), got (String)");
}

TEST_CASE_METHOD(Fixture, "sys:programName, sys:version", "[vm][builtins]") {
    CHECK(show("builtin__sys:version", {}) == "4.8.0");
    CHECK(show("builtin__sys:programName", {}).empty());  // a program compiled from no file
    auto program = std::make_shared<Program>();
    program->files = {"some/dir/main.ark", "std/List.ark"};
    runtime.program = program;
    ExecutionContext with_files(runtime);
    std::vector<Value> none;
    auto id = find_builtin("builtin__sys:programName");
    REQUIRE(id.has_value());
    CHECK(to_display(builtin_table()[*id].fn(with_files, none), *program) == "main.ark");  // the file name only
    CHECK(error("builtin__sys:version", {num(1)}) == "TypeError: Function sys:version expected (), got (Number)");
}

TEST_CASE_METHOD(Fixture, "format", "[vm][builtins][format]") {
    auto fmt = [&](const char* pattern, std::vector<Value> values) {
        values.insert(values.begin(), str(pattern));
        return show("format", std::move(values));
    };
    CHECK(fmt("{} apples and {} pears", {num(3), str("two")}) == "3 apples and two pears");
    CHECK(fmt("[{:>6}] [{:<4}] [{:.3f}]", {str("right"), num(7), num(2.0)}) == "[ right] [7   ] [2.000]");
    CHECK(fmt("{} {} {} {}", {Value::nil(), Value::boolean(true), Value::boolean(false), list({num(1), str("x")})}) ==
          "nil true false [1 x]");  // 4.4+: a list's strings unquoted, as upstream's list formatter writes them
    CHECK(fmt("{:nc}|{:s}|{::>2}", {list({num(1), str("x")}), list({str("a"), list({str("b")})}), list({num(1)})}) ==
          "1, x|\"ab\"|[ 1]");
    CHECK(fmt("{1}, {0}!", {str("hi"), str("Ada")}) == "Ada, hi!");
    CHECK(fmt("[{:^5}] [{:^6}]", {str("ab"), str("ab")}) == "[ ab  ] [  ab  ]");
    CHECK(fmt("[{:*>6}] [{:-<4}] [{:\xc3\xa9^5}]", {num(42), str("x"), str("o")}) == "[****42] [x---] [\xc3\xa9\xc3\xa9o\xc3\xa9\xc3\xa9]");
    CHECK(fmt("[{:6}] [{:6}]", {num(1.5), str("s")}) == "[   1.5] [s     ]");
    CHECK(fmt("{:e} {:.2e} {:E}", {num(1234.5), num(0.000123), num(1e20)}) == "1.234500e+03 1.23e-04 1.000000E+20");
    CHECK(fmt("{:g} {:g} {:.3g}", {num(0.5), num(1e20), num(3.14159)}) == "0.5 1e+20 3.14");
    CHECK(fmt("{:.3} {:.2}", {num(3.14159), num(2.0)}) == "3.14 2");
    CHECK(fmt("{:+} {:+.1f} [{: }]", {num(5), num(-2.25), num(3)}) == "+5 -2.2 [ 3]");
    CHECK(fmt("{:08.3f} {:06}", {num(-3.14159), num(42)}) == "-003.142 000042");
    CHECK(fmt("{:.2}|{:.10}", {str("hello"), str("hi")}) == "he|hi");
    CHECK(fmt("{{}} {}", {num(1)}) == "{} 1");
    CHECK(fmt("{:f} {}", {num(INFINITY), num(NAN)}) == "inf nan");
    CHECK(fmt("{}", {num(1e16)}) == "1e+16");
    CHECK(fmt("no fields", {num(1)}) == "no fields");

    auto fails = [&](const char* pattern, std::vector<Value> values) {
        values.insert(values.begin(), str(pattern));
        return error("format", std::move(values));
    };
    CHECK(fails("{} {}", {num(1)}) ==
          "ValueError: format: can not format \"{} {}\" (1 argument provided) because of argument not found");
    CHECK(fails("{5}", {num(1), num(2)}) ==
          "ValueError: format: can not format \"{5}\" (2 arguments provided) because of argument not found");
    CHECK(fails("{:d}", {num(1.5)}) == "ValueError: format: can not format \"{:d}\" (1 argument provided) because of "
                                        "integer presentation type needs an integral number");
    CHECK(fails("{:.2x}", {num(1)}).find("precision not allowed") != std::string::npos);
    CHECK(fails("{:c}", {num(0xD800)}).find("invalid code point") != std::string::npos);
    CHECK(fails("{", {num(1)}).find("missing '}' in format string") != std::string::npos);
    CHECK(fails("}", {num(1)}).find("unmatched '}' in format string") != std::string::npos);
    CHECK(fails("{} {0}", {num(1)}).find("cannot switch from automatic to manual argument indexing") != std::string::npos);
    CHECK(fails("{0} {}", {num(1)}).find("cannot switch from manual to automatic argument indexing") != std::string::npos);
    CHECK(fails("{:+}", {str("s")}).find("format specifier requires numeric argument") != std::string::npos);
    CHECK(fails("{:.}", {num(1)}).find("missing precision specifier") != std::string::npos);
    CHECK(fails("{name}", {num(1)}).find("argument not found") != std::string::npos);
    CHECK(error("format", {str("x")}) == "TypeError: Function format expected (String, any...), got (String)");
}

TEST_CASE_METHOD(Fixture, "string builtins", "[vm][builtins]") {
    CHECK(show("builtin__string:find", {str("mississippi"), str("ss")}) == "2");
    CHECK(show("builtin__string:find", {str("mississippi"), str("x")}) == "-1");
    CHECK(show("builtin__string:find", {str("abc"), str("")}) == "0");
    CHECK(show("builtin__string:removeAt", {str("planet"), num(0)}) == "lanet");
    CHECK(show("builtin__string:removeAt", {str("planet"), num(5)}) == "plane");
    CHECK(error("builtin__string:removeAt", {str("ab"), num(2)}) == "IndexError: string:removeAt index (2) out of range (string size: 2)");
    CHECK(show("builtin__string:removeAt", {str("ab"), num(-1)}) == "a");  // 4.1+: from the end
    CHECK(error("builtin__string:removeAt", {str("ab"), num(-3)}) == "IndexError: string:removeAt index (-3) out of range (string size: 2)");
    CHECK(show("builtin__string:ord", {str("A")}) == "65");
    CHECK(show("builtin__string:ord", {str("ab")}) == "97");
    CHECK(show("builtin__string:ord", {str("\xc3\xa9")}) == "233");
    CHECK(show("builtin__string:ord", {str("\xe2\x98\x83")}) == "9731");
    CHECK(show("builtin__string:ord", {str("\xf0\x9f\x98\x80x")}) == "128512");
    CHECK(show("builtin__string:ord", {str("")}) == "0");
    CHECK(show("builtin__string:ord", {str("\xc3")}) == "0");          // truncated sequence
    CHECK(show("builtin__string:ord", {str("\xc0\xaf")}) == "0");      // overlong
    CHECK(show("builtin__string:ord", {str("\xed\xa0\x80")}) == "0");  // surrogate
    CHECK(show("builtin__string:chr", {num(97)}) == "a");
    CHECK(show("builtin__string:chr", {num(233)}) == "\xc3\xa9");
    CHECK(show("builtin__string:chr", {num(0x7FF)}) == "\xdf\xbf");
    CHECK(show("builtin__string:chr", {num(9731)}) == "\xe2\x98\x83");
    CHECK(show("builtin__string:chr", {num(128512)}) == "\xf0\x9f\x98\x80");
    CHECK(error("builtin__string:chr", {num(0x110000)}) == "ValueError: str:chr: 1114112 is not a valid code point");
    CHECK(error("builtin__string:chr", {num(-1)}) == "ValueError: str:chr: -1 is not a valid code point");
    CHECK(error("builtin__string:find", {str("a")}) == "TypeError: Function string:find expected (String, String), got (String)");
    CHECK(show("builtin__string:find", {str("abab"), str("ab"), num(1)}) == "2");  // 4.0+: a start index
    CHECK(show("builtin__string:ord", {str("z")}) == "122");
    CHECK(show("builtin__string:setAt", {str("hello"), num(1), str("a")}) == "hallo");
    CHECK(show("builtin__string:setAt", {str("hello"), num(-1), str("p!")}) == "hellp!");
    CHECK(error("builtin__string:setAt", {str("ab"), num(2), str("c")}) == "IndexError: string:setAt index (2) out of range (string size: 2)");
    CHECK(show("builtin__string:utf8len", {str("a\xc3\xa9")}) == "2");
    CHECK(show("builtin__string:utf8len", {str("")}) == "0");
    CHECK(show("builtin__string:utf8len", {str("\xc3")}) == "1");  // an invalid byte counts as one
    CHECK(show("builtin__string:codepoints", {str("a\xc3\xa9\xf0\x9f\x98\x80")}) == "[97 233 128512]");
    CHECK(show("builtin__string:codepoints", {str("")}) == "[]");
    CHECK(show("builtin__string:bytes", {str("a\xc3\xa9")}) == "[97 195 169]");
    CHECK(error("builtin__string:bytes", {num(1)}) == "TypeError: Function string:bytes expected (String), got (Number)");
}

TEST_CASE_METHOD(Fixture, "list builtins", "[vm][builtins]") {
    Value data = list({num(5), num(3), num(9), num(1)});
    CHECK(show("builtin__list:reverse", {data}) == "[1 9 3 5]");
    CHECK(show("builtin__list:sort", {data}) == "[1 3 5 9]");
    CHECK(to_display(data, ctx->program()) == "[5 3 9 1]");
    CHECK(show("builtin__list:find", {data, num(9)}) == "2");
    CHECK(show("builtin__list:find", {data, num(7)}) == "-1");
    CHECK(show("builtin__list:find", {list({list({num(1)}), list({num(2)})}), list({num(2)})}) == "1");
    Value seven = list({num(0), num(1), num(2), num(3), num(4), num(5), num(6)});
    CHECK(show("builtin__list:slice", {seven, num(1), num(6), num(2)}) == "[1 3 5]");
    CHECK(show("builtin__list:slice", {data, num(0), num(0), num(1)}) == "[]");
    CHECK(show("builtin__list:slice", {data, num(0), num(4), num(1)}) == "[5 3 9 1]");
    CHECK(error("builtin__list:slice", {data, num(-1), num(2), num(1)}) == "IndexError: list:slice: start index (-1) must not be negative");
    CHECK(error("builtin__list:slice", {data, num(3), num(2), num(1)}) ==
          "IndexError: list:slice: start index (3) must not be greater than end index (2)");
    CHECK(error("builtin__list:slice", {data, num(0), num(5), num(1)}) == "IndexError: list:slice: end index (5) out of range (list size: 4)");
    CHECK(error("builtin__list:slice", {data, num(0), num(2), num(0)}) == "ValueError: list:slice: step (0) must be greater than 0");
    CHECK(show("builtin__list:sort", {list({str("pear"), str("apple"), str("fig")})}) == "[\"apple\" \"fig\" \"pear\"]");
    CHECK(show("builtin__list:sort", {list({num(-0.0), num(0), num(-1), num(0), num(-0.0)})}) == "[-1 -0 0 0 -0]");  // stable
    CHECK(show("builtin__list:sort", {list({str("a"), num(2), Value::nil(), list({}), num(1)})}) == "[[] 1 2 \"a\" nil]");
    CHECK(show("builtin__list:sort", {list({})}) == "[]");
    CHECK(show("builtin__list:fill", {num(3), str("ab")}) == "[\"ab\" \"ab\" \"ab\"]");
    CHECK(show("builtin__list:fill", {num(0), num(1)}) == "[]");
    CHECK(show("builtin__list:fill", {num(2.9), num(1)}) == "[1 1]");
    CHECK(error("builtin__list:fill", {num(-1), num(1)}) == "ValueError: list:fill: size (-1) must not be negative");
    CHECK(show("builtin__list:setAt", {data, num(1), str("three")}) == "[5 \"three\" 9 1]");
    CHECK(show("builtin__list:setAt", {data, num(-1), num(0)}) == "[5 3 9 0]");
    CHECK(error("builtin__list:setAt", {data, num(4), num(0)}) == "IndexError: list:setAt index (4) out of range (list size: 4)");
    CHECK(error("builtin__list:setAt", {data, num(-5), num(0)}) == "IndexError: list:setAt index (-5) out of range (list size: 4)");
    CHECK(to_display(data, ctx->program()) == "[5 3 9 1]");
    CHECK(error("builtin__list:reverse", {}) == "TypeError: Function list:reverse expected (List), got ()");
    CHECK(error("builtin__list:sort", {num(1)}) == "TypeError: Function list:sort expected (List), got (Number)");
}

TEST_CASE_METHOD(Fixture, "io builtins", "[vm][builtins][io]") {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("ark-io-test-" + std::to_string(::getpid()));
    fs::remove_all(root);
    std::string dir = (root / "a" / "b").string();
    std::string file = dir + "/x.txt";
    CHECK(show("builtin__io:makeDir", {Value::string(dir)}) == "nil");
    CHECK(show("builtin__io:dir?", {Value::string(dir)}) == "true");
    CHECK(show("builtin__io:writeFile", {Value::string(file), list({num(1), str("s")})}) == "nil");
    CHECK(show("builtin__io:appendToFile", {Value::string(file), str(" more")}) == "nil");
    CHECK(show("builtin__io:readFile", {Value::string(file)}) == "[1 \"s\"] more");
    CHECK(show("builtin__io:writeFile", {Value::string(file), str("new")}) == "nil");
    CHECK(show("builtin__io:readFile", {Value::string(file)}) == "new");
    CHECK(show("builtin__io:fileExists?", {Value::string(file)}) == "true");
    CHECK(show("builtin__io:fileExists?", {Value::string(dir)}) == "true");
    CHECK(show("builtin__io:dir?", {Value::string(file)}) == "false");
    call("builtin__io:writeFile", {Value::string(dir + "/a.txt"), str("")});
    CHECK(show("builtin__io:listFiles", {Value::string(dir)}) == "[\"" + dir + "/a.txt\" \"" + dir + "/x.txt\"]");
    CHECK(error("builtin__io:readFile", {str("nope")}) == "IOError: io:readFile: couldn't read file \"nope\" because it doesn't exist");
    CHECK(error("builtin__io:listFiles", {Value::string(file)}) ==
          "IOError: io:listFiles: couldn't list \"" + file + "\" because it is not a directory");
    CHECK(show("builtin__io:removeFile", {Value::string(file)}) == "nil");
    CHECK(show("builtin__io:removeFile", {Value::string((root / "a").string())}) == "nil");
    CHECK(show("builtin__io:fileExists?", {Value::string(dir)}) == "false");
    CHECK(error("builtin__io:fileExists?", {num(1)}) == "TypeError: Function io:fileExists? expected (String), got (Number)");
    CHECK(error("builtin__io:removeFile", {}) == "TypeError: Function io:removeFile expected (String), got ()");
    fs::remove_all(root);
}

TEST_CASE_METHOD(Fixture, "io builtins on a FIFO: they wait for the other end, and a cancelled run stops waiting",
                 "[vm][builtins][io]") {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("ark-io-fifo-test-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    const std::string fifo = (root / "pipe").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);

    SECTION("a read gets what a writer that comes later writes") {
        std::thread writer([&] { std::ofstream(fifo) << "late"; });  // blocks until the read opens
        CHECK(show("builtin__io:readFile", {Value::string(fifo)}) == "late");
        writer.join();
    }
    SECTION("a write waits for a reader that comes later") {
        std::string got;
        std::thread reader([&] { std::getline(std::ifstream(fifo), got); });  // blocks until the write opens
        CHECK(show("builtin__io:writeFile", {Value::string(fifo), str("sent")}) == "nil");
        reader.join();
        CHECK(got == "sent");
    }
    SECTION("no one at the other end, the run cancelled: each raises instead of waiting for ever") {
        runtime.cancelled = true;
        CHECK(error("builtin__io:readFile", {Value::string(fifo)}) ==
              "VMError: io:readFile: the run was cancelled while reading \"" + fifo + "\"");
        CHECK(error("builtin__io:readLinesFile", {Value::string(fifo)}) ==
              "VMError: io:readLinesFile: the run was cancelled while reading \"" + fifo + "\"");
        CHECK(error("builtin__io:writeFile", {Value::string(fifo), str("x")}) ==
              "VMError: io:writeFile: the run was cancelled while writing \"" + fifo + "\"");
        CHECK(error("builtin__io:appendToFile", {Value::string(fifo), str("x")}) ==
              "VMError: io:appendToFile: the run was cancelled while writing \"" + fifo + "\"");
    }
    fs::remove_all(root);
}

TEST_CASE_METHOD(Fixture, "math builtins", "[vm][builtins]") {
    CHECK(show("builtin__math:floor", {num(7.8)}) == "7");
    CHECK(show("builtin__math:ceil", {num(7.2)}) == "8");
    CHECK(show("builtin__math:round", {num(7.5)}) == "8");
    CHECK(show("builtin__math:round", {num(-7.5)}) == "-8");
    CHECK(show("builtin__math:round", {num(2.5)}) == "3");
    CHECK(show("builtin__math:exp", {num(0)}) == "1");
    CHECK(show("builtin__math:ln", {num(1)}) == "0");
    CHECK(show("builtin__math:cos", {num(0)}) == "1");
    CHECK(show("builtin__math:arctan", {num(0)}) == "0");
    CHECK(error("builtin__math:ln", {num(0)}) == "ValueError: math:ln: value 0 must be greater than 0");
    CHECK(error("builtin__math:ln", {num(-2.5)}) == "ValueError: math:ln: value -2.5 must be greater than 0");
    CHECK(show("builtin__math:NaN?", {num(NAN)}) == "true");
    CHECK(show("builtin__math:NaN?", {num(1)}) == "false");
    CHECK(show("builtin__math:Inf?", {num(-INFINITY)}) == "true");
    CHECK(show("builtin__math:Inf?", {str("x")}) == "false");
    CHECK(error("builtin__math:exp", {str("1")}) == "TypeError: Function math:exp expected (Number), got (String)");
}

TEST_CASE_METHOD(Fixture, "math bit builtins", "[vm][builtins]") {
    CHECK(show("builtin__math:bitAnd", {num(6), num(3)}) == "2");
    CHECK(show("builtin__math:bitOr", {num(-8), num(3)}) == "-5");
    CHECK(show("builtin__math:bitXor", {num(5), num(1)}) == "4");
    CHECK(show("builtin__math:bitNot", {num(0)}) == "-1");
    CHECK(show("builtin__math:countOnes", {num(-2)}) == "63");  // two's complement on 64 bits
    CHECK(show("builtin__math:countZeros", {num(16)}) == "4");
    CHECK(show("builtin__math:lshift", {num(1), num(62)}) == "4.611686018427388e+18");  // printed in shortest form
    CHECK(show("builtin__math:lshift", {num(1), num(63)}) == "-9.223372036854776e+18");  // the sign bit
    CHECK(show("builtin__math:rshift", {num(-14), num(2)}) == "-4");
    CHECK(show("builtin__math:bitCeil", {num(5)}) == "8");
    CHECK(show("builtin__math:bitFloor", {num(5)}) == "4");
    CHECK(show("builtin__math:bitWidth", {num(255)}) == "8");
    CHECK(show("builtin__math:countLeftZeros", {num(1), num(64)}) == "63");
    CHECK(show("builtin__math:countLeftOnes", {num(240), num(8)}) == "4");
    CHECK(show("builtin__math:countRightZeros", {num(240), num(8)}) == "4");
    CHECK(show("builtin__math:countRightOnes", {num(7), num(3)}) == "3");
    CHECK(show("builtin__math:circularLeftShift", {num(1), num(1), num(8)}) == "2");
    CHECK(show("builtin__math:circularRightShift", {num(1), num(1), num(1)}) == "128");
    CHECK(error("builtin__math:bitAnd", {num(0.5), num(1)}) == "ValueError: math:bitAnd: 0.5 is not a 64-bit integer");
    CHECK(error("builtin__math:bitAnd", {num(1)}) == "TypeError: Function math:bitAnd expected (Number, Number), got (Number)");
    CHECK(error("builtin__math:bitCeil", {num(-1)}) ==
          "ValueError: math:bitCeil: the value must be between 0 and 4611686018427387904, got -1");
}

TEST_CASE_METHOD(Fixture, "locks on one thread", "[vm][builtins][lock]") {
    Value l = call("lock:new", {});
    CHECK(to_display(l, ctx->program()) == "UserType<Lock>");
    CHECK_FALSE(l.truthy());
    REQUIRE(as_lock(l) != nullptr);
    CHECK(as_lock(num(1)) == nullptr);
    CHECK(show("lock:acquire", {l}) == "nil");
    CHECK(error("lock:acquire", {l}) == "ValueError: lock:acquire: the lock is already held by this thread");
    CHECK(show("lock:try", {l}) == "false");
    CHECK(show("lock:release", {l}) == "nil");
    CHECK(error("lock:release", {l}) == "ValueError: lock:release: the lock is not held by this thread");
    CHECK(show("lock:try", {l}) == "true");
    CHECK(show("lock:release", {l}) == "nil");
    CHECK(error("lock:acquire", {num(1)}) == "TypeError: Function lock:acquire expected (Lock), got (Number)");

    SECTION("calling a lock value") {
        std::vector<Value> on{Value::boolean(true)};
        std::vector<Value> off{Value::boolean(false)};
        std::vector<Value> bad{num(1)};
        CHECK(to_display(call_lock(*ctx, *as_lock(l), on), ctx->program()) == "nil");
        CHECK(show("lock:try", {l}) == "false");
        call_lock(*ctx, *as_lock(l), off);
        CHECK(show("lock:try", {l}) == "true");
        call_lock(*ctx, *as_lock(l), off);
        try {
            call_lock(*ctx, *as_lock(l), bad);
            FAIL("no error");
        } catch (const ArkError& e) {
            CHECK(e.kind_name() + ": " + e.message == "TypeError: Function Lock expected (Bool), got (Number)");
        }
    }
    SECTION("lock:with releases after the call and after an error") {
        Value reverse = Value::cproc(*find_builtin("builtin__list:reverse"));
        CHECK(show("lock:with", {l, reverse, list({num(1), num(2)})}) == "[2 1]");
        CHECK(show("lock:try", {l}) == "true");
        call("lock:release", {l});
        CHECK(error("lock:with", {l, reverse, num(3)}) == "TypeError: Function list:reverse expected (List), got (Number)");
        CHECK(show("lock:try", {l}) == "true");
        call("lock:release", {l});
        CHECK(error("lock:with", {num(1), reverse}) == "TypeError: Function lock:with expected (Lock, Function, any...), got (Number, CProc)");
    }
}

TEST_CASE_METHOD(Fixture, "locks across threads", "[vm][builtins][lock]") {
    // Catch macros are not thread-safe: the helper threads only touch the lock.
    Value l = call("lock:new", {});
    LockObject& lock = *as_lock(l);
    SECTION("a blocking acquire returns once the holder lets go") {
        std::promise<void> taken, may_release;
        std::thread holder([&] {
            lock.acquire(runtime, "test");
            taken.set_value();
            may_release.get_future().wait();
            lock.release("test");
        });
        taken.get_future().wait();
        CHECK(show("lock:try", {l}) == "false");
        CHECK(error("lock:release", {l}) == "ValueError: lock:release: the lock is not held by this thread");
        may_release.set_value();
        CHECK(show("lock:acquire", {l}) == "nil");  // blocks until `holder` releases
        holder.join();
        CHECK(show("lock:release", {l}) == "nil");
    }
    SECTION("a waiter blocks while another thread holds the lock") {
        call("lock:acquire", {l});
        auto waiter = std::async(std::launch::async, [&] { lock.acquire(runtime, "test"); lock.release("test"); });
        CHECK(waiter.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
        call("lock:release", {l});
        CHECK(waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        waiter.get();
    }
    SECTION("a cancelled run stops waiting") {
        call("lock:acquire", {l});
        auto waiter = std::async(std::launch::async, [&]() -> std::string {
            try {
                lock.acquire(runtime, "lock:acquire");
                return "acquired";
            } catch (const ArkError& e) {
                return e.kind_name() + ": " + e.message;
            }
        });
        runtime.cancelled = true;
        REQUIRE(waiter.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        CHECK(waiter.get() == "VMError: lock:acquire: the run was cancelled while waiting for a lock");
        call("lock:release", {l});
    }
}
