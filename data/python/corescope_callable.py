# corescope_callable.py: the python-callable preset: the user's own function as tasks
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Task i calls function(i), or function(args[i]); its checksum hashes repr().

Errors in the user's code become one line a user can act on, naming the file
and function, the exception and the line of the user's file where it was
raised (DRIVERS.md): "job.py:work: ZeroDivisionError: division by zero
(job.py, line 12)".
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import traceback
from types import ModuleType
from typing import Any, Callable

from corescope_presets import Kernel, TaskResult, UserError, Workload

__all__ = ["PythonCallable", "UserError"]


def result_checksum(result: object) -> int:
    """The first 8 bytes, big-endian, of BLAKE2b of repr(result)."""
    digest = hashlib.blake2b(repr(result).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def describe_exception(label: str, error: BaseException, user_file: str) -> str:
    """'label: Type: message (file.py, line N)': the innermost frame in the
    user's file, else the innermost frame at all."""
    frames = traceback.extract_tb(error.__traceback__)
    where = None
    if user_file:
        mine = [f for f in frames if os.path.abspath(f.filename) == user_file]
        where = mine[-1] if mine else None
    if where is None and frames:
        where = frames[-1]
    if isinstance(error, SyntaxError) and error.filename:
        where_text = f" ({os.path.basename(error.filename)}, line {error.lineno})"
    elif where is not None:
        where_text = f" ({os.path.basename(where.filename)}, line {where.lineno})"
    else:
        where_text = ""
    # a SyntaxError's str() has the location already
    message = one_line(error.msg if isinstance(error, SyntaxError) else error)
    detail = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return f"{label}: {detail}{where_text}"


def load_user_module(file: str, module: str, paths: list[str]) -> ModuleType:
    """The module that holds the user's function: the file loaded by path
    under its own name (so that pickle finds its classes in every process), or
    the module imported from the search path."""
    for folder in reversed(paths):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    if file:
        name = os.path.splitext(os.path.basename(file))[0]
        loaded = sys.modules.get(name)
        if loaded is not None and getattr(loaded, "__file__", None) == file:
            return loaded
        folder = os.path.dirname(file)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            raise UserError(f"{os.path.basename(file)}: not a Python file")
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[name] = loaded
        try:
            spec.loader.exec_module(loaded)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        return loaded
    return importlib.import_module(module)


class PythonCallable(Kernel):
    """The user's function; loaded in the driver at open (so that a typo fails
    at once) and again by path in every spawned or forkserver worker."""

    def __init__(self, workload: Workload, in_worker: bool) -> None:
        super().__init__(workload, in_worker)
        p = self.params
        self.file = os.path.abspath(p["file"]) if p.get("file") else ""
        self.module_name = p.get("module") or ""
        self.function_name = p.get("function") or "work"
        self.args = p.get("args")
        where = os.path.basename(self.file) if self.file else self.module_name
        self.label = f"{where}:{self.function_name}"
        self.function = self.load(p.get("path") or [])

    def load(self, paths: list[str]) -> Callable[[Any], Any]:
        if self.file and not os.path.isfile(self.file):
            raise UserError(f"{self.file}: no such file")
        try:
            module = load_user_module(self.file, self.module_name, paths)
        except Exception as e:
            where = os.path.basename(self.file) if self.file else self.module_name
            raise UserError(describe_exception(f"{where}: cannot load", e, self.file)) \
                from None
        function: object = getattr(module, self.function_name, None)
        if function is None:
            raise UserError(f"{self.label}: the module has no function "
                            f"'{self.function_name}'")
        if not callable(function):
            raise UserError(f"{self.label}: '{self.function_name}' is not callable")
        return function

    def run_task(self, task: int, data: Any, worker_index: int) -> TaskResult:
        argument = task if self.args is None else self.args[task]
        try:
            result = self.function(argument)
        except (Exception, SystemExit) as e:  # sys.exit() in a task fails that task
            raise UserError(describe_exception(self.label, e, self.file)) from None
        return result_checksum(result), result
