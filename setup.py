"""Copies the asset folders into the package when building a wheel, so it works outside a clone."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSETS = ("ontology", "data", "shapes", "queries")


class BuildWithAssets(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "eqkg" / "assets"
        for name in ASSETS:
            if (root / name).is_dir():
                shutil.copytree(root / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithAssets})
