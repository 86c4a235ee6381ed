"""A build step: the project's templates/ and examples/ folders go into the package.

They stay at the top of the repository, where people look for them and a clone's audit-docs
reads them; a wheel carries them as ``audit_docs/templates`` and ``audit_docs/examples``,
where ``audit_docs.jobs.places.shipped`` finds them with importlib.resources, so that a
wheel, ``pip install --user`` and pipx work from any folder. Everything else about the
package is in pyproject.toml (MANIFEST.in puts both folders in a source distribution).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: the folders shipped inside the package, and which of their files go
SHIPPED = {
    "templates": ["*.docx"],
    "examples": ["*.toml", "inbox/forms/*.docx", "inbox/trackers/*.xlsx", "blank-forms/*.docx"],
}


class BuildPyWithFolders(build_py):
    def run(self) -> None:
        super().run()
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted(Path(folder).glob(pattern)):
                    target = Path(self.build_lib, "audit_docs", source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildPyWithFolders})
