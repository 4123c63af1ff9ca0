#!/usr/bin/python3
# check-fresh.py: would this run have worked on a fresh machine? Every program that the test suite
# and the build-aux scripts started must come from a Debian package that build-aux/setup.sh
# installs (or that such a package depends on, or that every Debian system has).
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/check-fresh.py TRACE...       check the programs an strace log shows
#   build-aux/check-fresh.py --scripts      check the programs the build-aux scripts declare
#   --without PKG (repeatable)              pretend setup.sh did not list PKG (to see it fail)
#   --packages FILE                         the package list (default: setup.sh packages)
#
# Why a trace: the programs a test starts are not all in its source. GTK started `dbus-launch`
# when it found no session bus, and CI on the developer's machine passed only because somebody
# had installed dbus-x11 by hand. `build-aux/setup.sh test` runs the whole suite under
# `strace -f -e trace=execve`, so the log holds every program any process tried to start, found
# or not; this script resolves each one with `dpkg -S` and fails when its package is not one
# that a fresh machine would have after setup.sh. A program that was looked for and never found
# fails too, unless it is one of the names tests use on purpose to see "not found" handled.
#
# Programs that setup.sh builds itself are not in any package: the free-threaded CPython that
# build-aux/free-threaded-python.sh builds from Debian's source package into a cache. Paths under
# the prefixes that script prints with --prefixes pass as "built by setup.sh".
#
# Scripts in build-aux/ that CI does not run declare what they start in a line
# `# needs: PROG...`; --scripts checks those names the same way.
#
# needs: dpkg dpkg-query

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# Names that tests run on purpose to see a missing program reported (the command preset).
MISSING_ON_PURPOSE = re.compile(r"(corescope-no-such|no-such-command|does-not-exist|nonexistent)")

# Programs that tools look for and do without: meson probes for a compiler cache when it
# configures a build directory (check-install does) and uses none when there is none.
OPTIONAL_PROBES = {"ccache", "sccache"}

# Directories whose programs are the project's own (build trees, temporary copies of it).
OWN_PREFIXES = ("/tmp/", "/proc/", "/dev/")

EXEC_RE = re.compile(r'^(\d+) +(?:execve|execveat)\((?:\d+, )?"((?:[^"\\]|\\.)*)"')
# strace pads a short line's result to a column ("<... execve resumed>)         = 0").
RESULT_RE = re.compile(r"\) += (-?\d+)(?: (\w+))?")
RESUMED_RE = re.compile(r"^(\d+) +<\.\.\. (?:execve|execveat) resumed>")


def dpkg_status():
    """Installed packages: name -> (depends, essential), and virtual name -> providers."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f",
         "${Package}\t${db:Status-Abbrev}\t${Essential}|${Priority}\t${Pre-Depends}, "
         "${Depends}\t${Provides}\n"],
        check=True, capture_output=True, text=True).stdout
    packages, providers = {}, {}
    for line in out.splitlines():
        name, status, essential, depends, provides = (line.split("\t") + [""] * 5)[:5]
        if not status.startswith("ii"):
            continue
        # Essential and priority-required packages are on every Debian system (debootstrap's
        # minbase installs exactly those, and apt).
        packages[name] = (depends, essential.startswith("yes") or essential.endswith("required"))
        for item in provides.split(","):
            virtual = item.strip().split(" ")[0]
            if virtual:
                providers.setdefault(virtual, []).append(name)
    return packages, providers


def dependency_names(depends, known):
    """For each dependency, the alternative apt installs on a fresh machine: the first one it
    knows. Taking every alternative would let a package installed by hand (dbus-x11, as the
    second choice of some dependency) pass for one that setup.sh brings."""
    for clause in depends.split(","):
        names = [a.strip().split(" ")[0].split(":")[0] for a in clause.split("|")]
        names = [n for n in names if n]
        for name in names:
            if name in known:
                yield name
                break


def closure(roots, packages, providers):
    """The packages a fresh install of roots brings: their installed dependencies, recursively."""
    known = set(packages) | set(providers)
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        for real in [name] + providers.get(name, []):
            if real in packages and real not in seen:
                seen.add(real)
                todo.extend(dependency_names(packages[real][0], known))
    return seen


def allowed_packages(listed):
    packages, providers = dpkg_status()
    missing = [p for p in listed if p not in packages and p not in providers]
    essential = [name for name, (_, ess) in packages.items() if ess]
    return closure(list(listed) + essential, packages, providers), missing


def owner(path):
    """The package that ships path (trying the /usr-merged spellings), or None."""
    candidates = [path, os.path.realpath(path)]
    for c in list(candidates):
        if c.startswith("/usr/"):
            candidates.append(c[4:])
        else:
            candidates.append("/usr" + c)
    for c in candidates:
        r = subprocess.run(["dpkg", "-S", c], capture_output=True, text=True)
        if r.returncode == 0:
            # "pkg:arch, pkg2: /path" (diversions say "diversion by"): the first package.
            first = r.stdout.splitlines()[0]
            if first.startswith("diversion by"):
                continue
            return first.split(": ")[0].split(",")[0].split(":")[0].strip()
    return None


def is_own(path):
    real = os.path.realpath(path)
    return real.startswith(TOP + "/") or real.startswith(OWN_PREFIXES)


def parse_trace(paths):
    """(found, missing): program paths that started, and names that were never found."""
    started, tried = set(), {}
    pending = {}
    for path in paths:
        with open(path, errors="replace") as trace:
            for line in trace:
                m = EXEC_RE.match(line)
                if m:
                    pid, prog = m.group(1), m.group(2)
                    if "<unfinished ...>" in line:
                        pending[pid] = prog
                        continue
                else:
                    r = RESUMED_RE.match(line)
                    if not r or r.group(1) not in pending:
                        continue
                    pid, prog = r.group(1), pending.pop(r.group(1))
                results = RESULT_RE.findall(line)
                if not results:
                    continue
                code, errno_name = results[-1]
                if code == "0":
                    started.add(prog)
                else:
                    tried.setdefault(os.path.basename(prog), set()).add(errno_name)
    names_started = {os.path.basename(p) for p in started}
    missing = {name for name, errors in tried.items()
               if name not in names_started and "ENOENT" in errors}
    return started, missing


def declared_programs():
    """Programs that build-aux scripts declare in `# needs:` lines: name -> script."""
    needs = {}
    for name in sorted(os.listdir(HERE)):
        path = os.path.join(HERE, name)
        if not os.path.isfile(path):
            continue
        with open(path, errors="replace") as f:
            for line in f:
                m = re.match(r"#\s*needs:\s*(.*)", line)
                if m:
                    for prog in m.group(1).split():
                        needs.setdefault(prog, name)
    return needs


def built_by_setup():
    """The directories whose programs setup.sh builds (free-threaded-python.sh --prefixes)."""
    out = subprocess.run([os.path.join(HERE, "free-threaded-python.sh"), "--prefixes"],
                         check=True, capture_output=True, text=True).stdout
    return tuple(line.rstrip("/") + "/" for line in out.splitlines() if line.startswith("/"))


def check_paths(programs, allowed, problems):
    """programs: path -> where it was seen. Appends a line to problems for each bad one."""
    checked = 0
    built = built_by_setup()
    for path, where in sorted(programs.items()):
        if is_own(path):
            continue
        checked += 1
        if os.path.normpath(path).startswith(built):
            continue
        pkg = owner(path)
        if pkg is None:
            problems.append(f"{path} ({where}) belongs to no Debian package: installed by hand?")
        elif pkg not in allowed:
            problems.append(f"{path} ({where}) is from package {pkg}, which a fresh machine "
                            "does not get from build-aux/setup.sh")
    return checked


def resolve(name):
    """A program name as PATH finds it on a fresh machine, where /usr/local is empty."""
    for d in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        candidate = os.path.join(d, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def read_packages(args):
    if args.packages:
        with open(args.packages) as f:
            listed = [line.strip() for line in f if line.strip()]
    else:
        listed = subprocess.run([os.path.join(HERE, "setup.sh"), "packages"], check=True,
                                capture_output=True, text=True).stdout.split()
    return [p for p in listed if p not in set(args.without)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("traces", nargs="*", help="strace -f -e trace=execve logs")
    parser.add_argument("--scripts", action="store_true",
                        help="check the `# needs:` lines of the build-aux scripts")
    parser.add_argument("--without", action="append", default=[], metavar="PKG")
    parser.add_argument("--packages", metavar="FILE")
    args = parser.parse_args()
    if not args.traces and not args.scripts:
        parser.error("give strace logs, --scripts, or both")

    allowed, unknown = allowed_packages(read_packages(args))
    problems = [f"setup.sh lists {p}, which is not installed here" for p in unknown]
    programs = {}
    if args.traces:
        started, missing = parse_trace(args.traces)
        for path in started:
            programs[path] = "started by the test run"
        for name in sorted(missing):
            if not MISSING_ON_PURPOSE.search(name) and name not in OPTIONAL_PROBES:
                problems.append(f"{name} was looked for and not found: which package has it?")
    if args.scripts:
        for name, script in declared_programs().items():
            path = resolve(name)
            if path is None:
                problems.append(f"{name} (needed by build-aux/{script}) is not installed")
            else:
                programs.setdefault(path, f"needed by build-aux/{script}")
    checked = check_paths(programs, allowed, problems)

    for line in problems:
        print(f"check-fresh: {line}", file=sys.stderr)
    print(f"check-fresh: {checked} programs checked against {len(allowed)} packages "
          f"(setup.sh's list and what it brings): {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
