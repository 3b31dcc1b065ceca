"""completionItem/resolve: the first list leaves signatures and documentation
out; resolving an item fills them in."""
from fixture import parse_cursor, position
from support import ServerTest, URI


class CompletionResolveTest(ServerTest):
    def complete(self, source):
        text, cursors = parse_cursor(source)
        self.server.open(URI, text)
        result = self.server.result("textDocument/completion",
                                    {"textDocument": {"uri": URI}, "position": position(cursors[0])})
        return {item["label"]: item for item in result["items"]}

    def test_capability(self):
        self.assertTrue(self.init_result["capabilities"]["completionProvider"]["resolveProvider"])

    def test_function_signature_and_doc_comment_are_resolved(self):
        items = self.complete("# Adds two numbers.\n(let add (fun (a b) (+ a b)))\n(print ad$0)\n")
        first = items["add"]
        self.assertNotIn("documentation", first)
        self.assertNotIn("detail", first)
        resolved = self.server.result("completionItem/resolve", first)
        self.assertEqual(resolved["detail"], "(fun (a b))")
        self.assertEqual(resolved["documentation"], {"kind": "markdown", "value": "Adds two numbers."})
        self.assertEqual(resolved["label"], "add")
        self.assertEqual(resolved["textEdit"], first["textEdit"])

    def test_builtin_signature_is_resolved(self):
        items = self.complete("(pri$0)\n")
        self.assertNotIn("documentation", items["print"])
        resolved = self.server.result("completionItem/resolve", items["print"])
        self.assertTrue(resolved["detail"].startswith("(print"), resolved)
        self.assertTrue(resolved["documentation"]["value"])

    def test_constant_value_stays_in_the_first_list(self):
        items = self.complete("(let total 10)\n(print tot$0)\n")
        self.assertEqual(items["total"]["detail"], "10")
