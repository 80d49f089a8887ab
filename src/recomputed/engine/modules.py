"""Importing a site's artifact modules: any error in one is a single line naming its file
and line, whether a syntax error, a mistake the registry catches while the module runs
(a bad name, a bad claim), or anything its code raises at import."""

from __future__ import annotations

import importlib
import os
import traceback


class ArtifactModuleError(ValueError):
    """An artifact module that cannot be imported; the message starts with ``file:line``."""


def relative(filename: str) -> str:
    """``filename`` relative to the working folder, if it lies inside it."""
    rel = os.path.relpath(filename)
    return filename if rel.startswith("..") else rel


def import_artifact_module(modname: str):
    """Import an artifact module; any error in it is one line naming its file and line."""
    try:
        return importlib.import_module(modname)
    except SyntaxError as exc:
        raise ArtifactModuleError(f"{relative(exc.filename or modname)}:{exc.lineno}: "
                            f"syntax error: {exc.msg}") from None
    except ModuleNotFoundError as exc:
        if exc.name and modname.startswith(exc.name):  # the module itself is missing
            raise ArtifactModuleError(f"no artifact module {modname!r} to import (check "
                                      "'modules' and 'paths' in mkdocs.yml)") from None
        raise ArtifactModuleError(f"{_innermost(exc, modname)}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - whatever the module's code raised
        what = str(exc) if isinstance(exc, ValueError) and str(exc) else (
            f"{type(exc).__name__}: {exc}")
        where = _innermost(exc, modname)
        raise ArtifactModuleError(what if where in what else f"{where}: {what}") from None


def _innermost(exc: BaseException, modname: str) -> str:
    """``file:line`` of the last frame of the traceback outside this engine (the artifact
    module's line that raised, or called what raised)."""
    engine_dir = os.path.dirname(__file__)
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.startswith(("<", engine_dir)) and "importlib" not in f.filename]
    if not frames:
        return modname
    return f"{relative(frames[-1].filename)}:{frames[-1].lineno}"
