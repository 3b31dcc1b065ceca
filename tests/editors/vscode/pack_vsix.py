#!/usr/bin/env python3
"""Packs a dependency-free extension folder into a .vsix (the zip layout VS Code installs):
pack_vsix.py FOLDER OUTPUT.vsix. Used for the end-to-end test extension, which needs no bundling."""
import json
import pathlib
import sys
import zipfile
from xml.sax.saxutils import escape

MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">
  <Metadata>
    <Identity Language="en-US" Id="{name}" Version="{version}" Publisher="{publisher}" />
    <DisplayName>{display}</DisplayName>
    <Description xml:space="preserve">{description}</Description>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="{engine}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="{dependencies}" />
    </Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
"""

CONTENT_TYPES = """<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension=".json" ContentType="application/json"/>
  <Default Extension=".js" ContentType="application/javascript"/>
  <Default Extension=".vsixmanifest" ContentType="text/xml"/>
</Types>
"""


def main(folder, output):
    folder = pathlib.Path(folder)
    package = json.loads((folder / "package.json").read_text())
    manifest = MANIFEST.format(
        name=escape(package["name"]), version=escape(package["version"]),
        publisher=escape(package["publisher"]), display=escape(package.get("displayName", package["name"])),
        description=escape(package.get("description", "")), engine=escape(package["engines"]["vscode"]),
        dependencies=escape(",".join(package.get("extensionDependencies", []))))
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("extension.vsixmanifest", manifest)
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, "extension/" + path.relative_to(folder).as_posix())


if __name__ == "__main__":
    main(*sys.argv[1:3])
