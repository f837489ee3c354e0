"""Build hook: ship the top-level course folders inside the wheel.

Authors edit `lessons/` and `quizzes/` at the top of the repository; an installed
tutor must still find them, so the build copies them to `rls_tutor/_course/`.
Everything else about the package lives in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

COURSE_DIRS = ("lessons", "quizzes")


class BuildWithCourse(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).parent
        target = Path(self.build_lib) / "rls_tutor" / "_course"
        shutil.rmtree(target, ignore_errors=True)  # a stale build/ must not ship deleted files
        for name in COURSE_DIRS:
            for src in sorted((root / name).glob("*.yaml")):
                dest = target / name / src.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(src), str(dest))


setup(cmdclass={"build_py": BuildWithCourse})
