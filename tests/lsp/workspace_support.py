"""A server started on a temporary workspace folder (files written by the test)."""
import os
import shutil
import tempfile

from support import ServerTest


def file_uri(path):
    return "file://" + path


class WorkspaceFolderTest(ServerTest):
    initialize = False
    capabilities = {"workspace": {"workspaceFolders": True}}

    def setUp(self):
        super().setUp()
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="ark-lsp-ws-"))
        self.addCleanup(shutil.rmtree, self.root, True)

    def write(self, relative, text):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(text)
        return path

    def uri(self, relative):
        return file_uri(os.path.join(self.root, relative))

    def start(self):
        params = {"processId": os.getpid(), "rootUri": file_uri(self.root), "capabilities": self.capabilities,
                  "workspaceFolders": [{"uri": file_uri(self.root), "name": "ws"}]}
        self.init_result = self.server.result("initialize", params)
        self.server.notify("initialized", {})

    def open(self, relative):
        with open(os.path.join(self.root, relative)) as source:
            self.server.open(self.uri(relative), source.read())
