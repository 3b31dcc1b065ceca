"""Document links: every import's package name links to the file it read."""
from fixture import as_tuple
from workspace_support import WorkspaceFolderTest


class DocumentLinkTest(WorkspaceFolderTest):
    def test_each_import_links_to_its_file(self):
        self.write("lib.ark", "(let helper 1)\n")
        self.write("tools/text.ark", "(let shout 2)\n")
        self.write("main.ark", "(import lib:*)\n(import tools.text :shout)\n(import missing)\n(print helper shout)\n")
        self.start()
        self.open("main.ark")
        links = self.server.result("textDocument/documentLink", {"textDocument": {"uri": self.uri("main.ark")}})
        self.assertEqual([(as_tuple(l["range"]), l["target"]) for l in links], [
            (((0, 8), (0, 13)), self.uri("lib.ark")),
            (((1, 8), (1, 18)), self.uri("tools/text.ark")),
        ])
        self.assertEqual(self.init_result["capabilities"]["documentLinkProvider"], {"resolveProvider": False})
