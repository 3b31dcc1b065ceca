"""Malformed input of every kind gets the right JSON-RPC error (or is skipped)
and the server keeps answering afterwards."""
import json
import random
import unittest

from lsp_client import frame
from support import ServerTest, URI


class JsonRpcErrorTest(ServerTest):
    def send_body(self, body):
        self.server.send_bytes(frame(body))

    def wait_error_with_null_id(self, code):
        message = self.server.wait_for(lambda m: m.get("id", 0) is None and "error" in m, "an error with id null")
        self.assertEqual(message["error"]["code"], code, message)

    def test_invalid_json_is_a_parse_error(self):
        self.send_body(b'{"jsonrpc": "2.0", "id": 1, "method": ')
        self.wait_error_with_null_id(-32700)
        self.assertAlive()

    def test_invalid_utf8_is_a_parse_error(self):
        self.send_body(b'{"jsonrpc":"2.0","id":7,"method":"ark/ping","params":{"s":"\xff\xfe\xc3"}}')
        self.wait_error_with_null_id(-32700)
        self.assertAlive()

    def test_lone_surrogate_escape_is_a_parse_error(self):
        self.send_body(b'{"jsonrpc":"2.0","id":8,"method":"ark/ping","params":{"s":"\\ud800"}}')
        self.wait_error_with_null_id(-32700)
        self.assertAlive()

    def test_deeply_nested_params_are_a_parse_error(self):
        depth = 200000
        self.send_body(b'{"jsonrpc":"2.0","id":9,"method":"ark/ping","params":' + b"[" * depth + b"]" * depth + b"}")
        self.wait_error_with_null_id(-32700)
        self.send_body(b'{"jsonrpc":"2.0","id":10,"method":"ark/ping","params":{"a":' + b'{"a":' * depth +
                       b"1" + b"}" * depth + b"}}")
        self.wait_error_with_null_id(-32700)
        self.assertAlive()

    def test_nesting_is_counted_outside_strings_only(self):
        # 300 levels of real nesting are refused, 300 brackets in a string are text.
        self.send_body(b'{"jsonrpc":"2.0","id":11,"method":"ark/ping","params":' + b"[" * 300 + b"]" * 300 + b"}")
        self.wait_error_with_null_id(-32700)
        # The string holds an escaped quote, then the brackets: "\"[[[...".
        self.send_body(b'{"jsonrpc":"2.0","id":12,"method":"ark/ping","params":{"s":"\\"' + b"[" * 300 + b'"}}')
        self.assertError(self.server.wait_response(12), -32601)
        self.send_body(b'{"jsonrpc":"2.0","id":13,"method":"ark/ping","params":' + b"[" * 100 + b"]" * 100 + b"}")
        self.assertError(self.server.wait_response(13), -32601)

    def test_non_object_messages_are_invalid_requests(self):
        for body in (b"[]", b"42", b'"text"', b"null", b'[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]'):
            with self.subTest(body=body):
                self.send_body(body)
                self.wait_error_with_null_id(-32600)
        self.assertAlive()

    def test_malformed_requests_are_invalid_and_echo_the_id(self):
        cases = [
            {"id": 11, "method": "shutdown"},                                   # no jsonrpc
            {"jsonrpc": "1.0", "id": 12, "method": "shutdown"},                 # wrong version
            {"jsonrpc": "2.0", "id": 13, "method": 5},                          # method not a string
            {"jsonrpc": "2.0", "id": 14, "method": "shutdown", "params": "x"},  # params not structured
            {"jsonrpc": "2.0", "id": 15},                                       # nothing to do
        ]
        for case in cases:
            with self.subTest(case=case):
                self.send_body(json.dumps(case))
                self.assertError(self.server.wait_response(case["id"]), -32600)
        self.assertAlive()

    def test_id_of_a_wrong_type_is_invalid_with_null_id(self):
        for bad_id in ({"x": 1}, [1], True, 1.5):
            with self.subTest(id=bad_id):
                self.send_body(json.dumps({"jsonrpc": "2.0", "id": bad_id, "method": "shutdown"}))
                self.wait_error_with_null_id(-32600)
        self.assertAlive()

    def test_string_ids_are_echoed(self):
        self.server.send_request("no/such/method", {}, request_id="abc")
        self.assertError(self.server.wait_response("abc"), -32601)

    def test_unknown_request_is_method_not_found(self):
        self.assertError(self.server.request("textDocument/noSuchFeature", {}), -32601)
        self.assertError(self.server.request("$/noSuchThing", {}), -32601)
        # A notification's name used as a request is not a request method either.
        self.assertError(self.server.request("textDocument/didOpen", {}), -32601)

    def test_unknown_notifications_are_ignored(self):
        self.server.notify("no/suchNotification", {"x": 1})
        self.server.notify("$/setTrace", {"value": "off"})
        self.server.notify("textDocument/hover", {})  # a request's name used as a notification
        self.assertAlive()

    def test_invalid_params_keep_the_server_going(self):
        self.assertError(self.server.request("ark/viewFileText", {}), -32602)
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": 5}}), -32602)
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": URI}}), -32602)
        self.server.notify("textDocument/didOpen", {"textDocument": {"uri": URI}})  # no text: logged
        self.server.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                                      "contentChanges": [{"range": 3, "text": ""}]})
        self.assertAlive()

    def test_responses_from_the_client_are_ignored(self):
        self.server.send({"jsonrpc": "2.0", "id": 99, "result": None})
        self.server.send({"jsonrpc": "2.0", "id": 98, "error": {"code": -1, "message": "no"}})
        self.assertAlive()


class FramingTest(ServerTest):
    def test_content_type_header_is_tolerated(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 501, "method": "no/such"}).encode()
        self.server.send_bytes(b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
                               % len(body) + body)
        self.assertError(self.server.wait_response(501), -32601)

    def test_headers_in_either_order_and_any_case(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 502, "method": "no/such"}).encode()
        self.server.send_bytes(b"content-type: application/vscode-jsonrpc\r\ncontent-length:   %d\r\n\r\n"
                               % len(body) + body)
        self.assertError(self.server.wait_response(502), -32601)

    def test_bare_newlines_are_tolerated(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 503, "method": "no/such"}).encode()
        self.server.send_bytes(b"Content-Length: %d\n\n" % len(body) + body)
        self.assertError(self.server.wait_response(503), -32601)

    def test_garbage_bytes_are_skipped(self):
        generator = random.Random(1234)
        garbage = bytes(generator.randrange(256) for _ in range(20000))
        self.server.send_bytes(garbage + b"\r\n\r\n")
        self.server.send_bytes(b"this is not a header\r\nneither: is this\r\n\r\n")
        self.assertAlive()

    def test_garbage_glued_to_the_next_header(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 504, "method": "no/such"}).encode()
        self.server.send_bytes(b"\x00\x01junk" + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.assertError(self.server.wait_response(504), -32601)

    def test_content_length_too_small(self):
        body = json.dumps({"jsonrpc": "2.0", "id": 505, "method": "no/such"}).encode()
        self.server.send_bytes(b"Content-Length: %d\r\n\r\n" % (len(body) - 10) + body)
        message = self.server.wait_for(lambda m: "error" in m and m.get("id", 0) is None, "a parse error")
        self.assertEqual(message["error"]["code"], -32700)
        self.assertAlive()

    def test_content_length_too_large(self):
        first = json.dumps({"jsonrpc": "2.0", "id": 506, "method": "no/such"}).encode()
        self.server.send_bytes(b"Content-Length: %d\r\n\r\n" % (len(first) + 12) + first)
        # The body swallows the start of the next frame; that frame is lost, the one after is not.
        for _ in range(2):
            self.server.send_request("no/such", request_id=507)
        message = self.server.wait_for(lambda m: "error" in m and m.get("id", 0) is None, "a parse error")
        self.assertEqual(message["error"]["code"], -32700)
        self.assertError(self.server.wait_response(507), -32601)
        self.assertAlive()

    def test_missing_or_bad_content_length(self):
        self.server.send_bytes(b"Content-Type: application/json\r\n\r\n")
        self.server.send_bytes(b"Content-Length: abc\r\n\r\n")
        self.server.send_bytes(b"Content-Length: -5\r\n\r\n")
        self.server.send_bytes(b"Content-Length: 99999999999999999999\r\n\r\n")
        self.assertAlive()

    def test_empty_body(self):
        self.server.send_bytes(b"Content-Length: 0\r\n\r\n")
        message = self.server.wait_for(lambda m: "error" in m and m.get("id", 0) is None, "a parse error")
        self.assertEqual(message["error"]["code"], -32700)
        self.assertAlive()

    def test_huge_document(self):
        # ~4 MB: long comment runs and a 1.5 MB string. (Thousands of definitions
        # are avoided on purpose: the front end's resolver is quadratic in the
        # number of globals today, which is its own bug, not the transport's.)
        comment = "# comment line %d caf\u00e9 \U0001F600 " + "." * 60 + "\n"
        text = "".join(comment % i for i in range(25000)) + '(print "' + "y" * 1500000 + '")\n'
        self.server.open(URI, text)
        result = self.server.file_text(URI)
        self.assertEqual(len(result["text"]), len(text))
        self.assertEqual(result["text"], text)
        # An edit at the very end, in UTF-16 columns.
        last_line = text.count("\n")
        self.server.change(URI, 2, [{"range": {"start": {"line": last_line, "character": 0},
                                               "end": {"line": last_line, "character": 0}}, "text": "(end)"}])
        self.assertTrue(self.server.file_text(URI)["text"].endswith('")\n(end)'))
        self.assertEqual(self.server.shutdown_and_exit(), 0)

    def test_document_with_invalid_utf8_escapes_is_rejected_whole(self):
        # JSON cannot carry invalid UTF-8, so such a didOpen is a parse error and
        # the document stays closed.
        body = (b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":'
                b'{"uri":"%s","languageId":"arkscript","version":1,"text":"(print \xc3\x28)"}}}' % URI.encode())
        self.server.send_bytes(frame(body))
        message = self.server.wait_for(lambda m: "error" in m and m.get("id", 0) is None, "a parse error")
        self.assertEqual(message["error"]["code"], -32700)
        self.assertError(self.server.request("ark/viewFileText", {"textDocument": {"uri": URI}}), -32602)


if __name__ == "__main__":
    unittest.main()
