"""workspace/willRenameFiles: moving a .ark file (or a folder) returns the
edits that make the imports naming it follow."""
from fixture import as_tuple
from workspace_support import WorkspaceFolderTest


class WillRenameFilesTest(WorkspaceFolderTest):
    def setUp(self):
        super().setUp()
        self.write("lib/util.ark", "(let helper 1)\n")
        self.write("main.ark", "(import lib.util:*)\n(print helper)\n")
        self.write("other.ark", "# uses it too\n(import lib.util :helper)\n(print helper)\n")
        self.write("unrelated.ark", "(import lib.other)\n")
        self.write("lib/other.ark", "(let o 1)\n")
        self.start()

    def rename(self, old, new):
        return self.server.result("workspace/willRenameFiles", {"files": [{"oldUri": self.uri(old),
                                                                          "newUri": self.uri(new)}]})

    def edits(self, result):
        return {uri.rsplit("/", 1)[1]: [(as_tuple(e["range"]), e["newText"]) for e in edits]
                for uri, edits in result["changes"].items()}

    def test_capability(self):
        filters = self.init_result["capabilities"]["workspace"]["fileOperations"]["willRename"]["filters"]
        self.assertIn({"scheme": "file", "pattern": {"glob": "**/*.ark", "matches": "file"}}, filters)
        self.assertTrue(self.init_result["capabilities"]["workspace"]["workspaceFolders"]["supported"])

    def test_moving_a_file_updates_every_import_of_it(self):
        self.assertEqual(self.edits(self.rename("lib/util.ark", "tools/text.ark")), {
            "main.ark": [(((0, 8), (0, 18)), "tools.text:*")],
            "other.ark": [(((1, 8), (1, 16)), "tools.text")],
        })

    def test_an_open_buffer_is_read_instead_of_the_disk(self):
        self.server.open(self.uri("unrelated.ark"), "\n(import lib.util)\n")
        self.assertEqual(self.edits(self.rename("lib/util.ark", "util2.ark"))["unrelated.ark"],
                         [(((1, 8), (1, 16)), "util2")])

    def test_renaming_a_folder(self):
        edits = self.edits(self.rename("lib", "library"))
        self.assertEqual(edits["main.ark"], [(((0, 8), (0, 18)), "library.util:*")])
        self.assertEqual(edits["unrelated.ark"], [(((0, 8), (0, 17)), "library.other")])

    def test_a_moved_file_keeps_its_own_imports(self):
        self.write("lib/user.ark", "(import util:*)\n(print helper)\n")
        self.assertEqual(self.edits(self.rename("lib/user.ark", "user.ark")),
                         {"user.ark": [(((0, 8), (0, 14)), "lib.util:*")]})
        # Nothing else names lib/user.ark, and from app/ lib/util.ark cannot be named: no edit.
        self.assertEqual(self.edits(self.rename("main.ark", "app/main.ark")), {})
