"""Import rules: `bots` never imports the GitLab sandbox, and its import graph has no new cycles.

Imports are read from the source with `ast`: at module level, inside functions (lazy imports) and
under `if TYPE_CHECKING:`, every one counts. Cycles are looked for among the children of each
package (its modules, its subpackages, each standing for every module below it, and its own
`__init__`), so `bots.config` importing `bots.slo.settings` while `bots.slo.common` imports
`bots.config` is the cycle `bots: config -> slo -> config`; a cycle of modules is one of these too.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Set
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The import cycles that remain in bots, each to be removed by the change its comment names (none
# now). When a change breaks one, this test fails until its lines are deleted here; it fails too when
# a cycle that is not listed appears. So the list only shrinks: never add to it.
ALLOWED_CYCLES: Mapping[str, Set[str]] = {}

# One package per bot; the registry (bots.jobs) and the CLI (bots.app, bots.cli, bots.commands) sit on
# top of them. Everything else is the shared kernel (bots.config, bots.job, ...), which imports no bot:
# each bot declares its own section of sa-triage.yml, and the registry hands them to bots.config.
BOT_PACKAGES = {"mirror", "forms", "slo", "suggest", "digest", "setup", "handoff", "react", "meetings"}
TOP_LAYER = {"jobs", "app", "cli", "__main__", "commands"}

# The emulator needs only the standard library; these modules of the sandbox also run sa-triage.
SANDBOX_USES_BOTS = {"gitlab_sandbox.__main__", "gitlab_sandbox.cli", "gitlab_sandbox.demo",
                     "gitlab_sandbox.demo_forms", "gitlab_sandbox.demo_handoff",
                     "gitlab_sandbox.demo_history", "gitlab_sandbox.demo_timeline"}


# --- the import graph -------------------------------------------------------------------------

def find_modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package in `package_dir` (folders without `__init__.py` are not in it)."""
    found: dict[str, Path] = {}

    def walk(folder: Path, name: str) -> None:
        found[name] = folder / "__init__.py"
        for path in sorted(folder.iterdir()):
            if path.is_dir() and (path / "__init__.py").is_file():
                walk(path, f"{name}.{path.name}")
            elif path.suffix == ".py" and path.name != "__init__.py":
                found[f"{name}.{path.stem}"] = path

    walk(package_dir, package_dir.name)
    return found


def imported_names(module: str, path: Path, known: Set[str]) -> Iterator[tuple[str, int]]:
    """(what `module` imports, line) for each import statement anywhere in it.

    `from p import x` names `p.x` when that is a module in `known`, else `p`; relative imports are
    made absolute.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                full = f"{source}.{alias.name}"
                yield (full if full in known else source), node.lineno


def dynamic_imports(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """Strings naming module `name` (or one below it), as `importlib.import_module` would take."""
    pattern = re.compile(rf"{re.escape(name)}(\.\w+)*")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.fullmatch(node.value):
            yield node.value, node.lineno


Graph = dict[str, dict[str, list[int]]]  # module -> module it imports -> lines


def import_graph(modules: Mapping[str, Path]) -> Graph:
    """The imports between `modules` (a name below a module, such as a class, counts as the module)."""
    graph: Graph = {name: {} for name in modules}
    for name, path in modules.items():
        for target, line in imported_names(name, path, modules.keys()):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                lines = graph[name].setdefault(target, [])
                if line not in lines:
                    lines.append(line)
    return graph


def _child(package: str, module: str) -> str | None:
    """The child of `package` that `module` is in (`__init__` for the package itself), or None."""
    if module == package:
        return "__init__"
    if module.startswith(package + "."):
        return module[len(package) + 1:].split(".")[0]
    return None


SiblingGraph = dict[str, dict[str, list[tuple[str, str, int]]]]  # child -> child -> the imports


def sibling_graphs(graph: Graph, packages: Set[str]) -> dict[str, SiblingGraph]:
    """For each package, the imports among its children, with the module imports behind each."""
    result: dict[str, SiblingGraph] = {package: defaultdict(dict) for package in packages}
    for module, targets in graph.items():
        for target, lines in targets.items():
            for package in packages:
                a, b = _child(package, module), _child(package, target)
                if a is not None and b is not None and a != b:
                    result[package][a].setdefault(b, []).extend((module, target, n) for n in lines)
    return result


def elementary_cycles(graph: Mapping[str, Set[str] | Mapping[str, object]]) -> list[tuple[str, ...]]:
    """Every cycle of a directed graph once, starting at its smallest node; no node twice in one."""
    found: list[tuple[str, ...]] = []
    for start in sorted(graph):
        path = [start]

        def extend(node: str, start: str = start, path: list[str] = path) -> None:
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    found.append(tuple(path))
                elif nxt > start and nxt not in path:
                    path.append(nxt)
                    extend(nxt)
                    path.pop()

        extend(start)
    return found


def cycles_of(package_dir: Path) -> dict[str, list[str]]:
    """`"pkg: a -> b -> a"` for every cycle among the children of a package, with its imports."""
    modules = find_modules(package_dir)
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    found: dict[str, list[str]] = {}
    for package, siblings in sibling_graphs(import_graph(modules), packages).items():
        for cycle in elementary_cycles(siblings):
            steps = list(zip(cycle, (*cycle[1:], cycle[0]), strict=True))
            key = f"{package}: {' -> '.join((*cycle, cycle[0]))}"
            found[key] = [f"{a} -> {b}: " + ", ".join(
                f"{m} imports {t} (line {n})" for m, t, n in siblings[a][b]) for a, b in steps]
    return found


def compare(found: Mapping[str, list[str]], allowed: Mapping[str, Set[str]]) -> list[str]:
    """What is wrong: cycles not allowed (with their imports), and allowed ones that are gone."""
    listed = {cycle for cycles in allowed.values() for cycle in cycles}
    problems = [f"new import cycle {cycle}\n    " + "\n    ".join(found[cycle])
                for cycle in sorted(found.keys() - listed)]
    problems += [f"no longer a cycle, remove it from ALLOWED_CYCLES ({name!r}): {cycle}"
                 for name, cycles in allowed.items() for cycle in sorted(cycles - found.keys())]
    return problems


# --- the rules --------------------------------------------------------------------------------

def test_bots_never_imports_the_sandbox():
    modules = find_modules(ROOT / "bots")
    offending = [f"{path.relative_to(ROOT)}:{line} imports {target}"
                 for name, path in modules.items()
                 for target, line in [*imported_names(name, path, modules.keys()),
                                      *dynamic_imports(path, "gitlab_sandbox")]
                 if target == "gitlab_sandbox" or target.startswith("gitlab_sandbox.")]
    assert offending == []


def test_the_product_wheel_holds_bots_only():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    tops = [folder for folder in ROOT.iterdir() if (folder / "__init__.py").is_file()]
    packages = sorted(name for top in tops for name, path in find_modules(top).items()
                      if path.name == "__init__.py"
                      and any(fnmatch.fnmatchcase(name, p) for p in find["include"]))
    assert packages and all(name == "bots" or name.startswith("bots.") for name in packages)
    assert not (ROOT / "bots" / "sandbox").exists() and not (ROOT / "bots" / "demo.py").exists()


def test_the_emulator_needs_only_the_standard_library():
    modules = find_modules(ROOT / "gitlab_sandbox")
    offending = [f"{name} imports {target}" for name, path in modules.items() if name not in SANDBOX_USES_BOTS
                 for target, _ in imported_names(name, path, modules.keys())
                 if target.split(".")[0] not in {*sys.stdlib_module_names, "gitlab_sandbox"}]
    assert offending == []


def test_bots_has_no_import_cycles_but_the_listed_ones_which_only_go():
    problems = compare(cycles_of(ROOT / "bots"), ALLOWED_CYCLES)
    assert not problems, "\n".join(problems)


def test_the_kernel_imports_no_bot():
    graph = import_graph(find_modules(ROOT / "bots"))
    above = BOT_PACKAGES | TOP_LAYER
    kernel = {name for name in graph if _child("bots", name) not in above}
    offending = [f"{name} imports {target} (line {line})" for name in sorted(kernel)
                 for target, lines in graph[name].items() if _child("bots", target) in above
                 for line in lines]
    assert {"bots.config", "bots.config_model", "bots.config_kernel", "bots.job", "bots.actions",
            "bots.model"} <= kernel
    assert offending == []


def test_the_sandbox_has_no_import_cycles():
    assert cycles_of(ROOT / "gitlab_sandbox") == {}


# --- the cycle finder on small graphs ---------------------------------------------------------

def test_elementary_cycles_lists_each_cycle_once():
    graph = {"a": {"b"}, "b": {"c", "a"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": set()}
    assert elementary_cycles(graph) == [("a", "b"), ("a", "b", "c")]
    assert elementary_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_sibling_graphs_see_a_cycle_of_packages_where_no_module_cycle_is():
    graph: Graph = {"p": {}, "p.x": {}, "p.x.m": {"p.y": [3]}, "p.y": {"p.x.n": [7]}, "p.x.n": {}}
    siblings = sibling_graphs(graph, {"p", "p.x"})
    assert elementary_cycles(siblings["p"]) == [("x", "y")]
    assert siblings["p"]["y"]["x"] == [("p.y", "p.x.n", 7)]
    assert elementary_cycles(siblings["p.x"]) == []


def write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root / "pkg"


def test_lazy_relative_and_type_checking_imports_all_count(tmp_path):
    package = write(tmp_path, {
        "pkg/__init__.py": "from .a import thing\n",
        "pkg/a.py": "def thing():\n    from pkg.sub import b\n    return b\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import c\n",
        "pkg/c.py": "import pkg.a\n",
        "pkg/build/stale.py": "import pkg.c\n",  # not a package: not read
    })
    modules = find_modules(package)
    assert sorted(modules) == ["pkg", "pkg.a", "pkg.c", "pkg.sub", "pkg.sub.b"]
    graph = import_graph(modules)
    assert graph["pkg"] == {"pkg.a": [1]} and graph["pkg.a"] == {"pkg.sub.b": [2]}
    assert graph["pkg.sub.b"] == {"pkg.c": [3]} and graph["pkg.c"] == {"pkg.a": [1]}
    assert list(cycles_of(package)) == ["pkg: a -> sub -> c -> a"]


def test_a_new_cycle_fails_with_its_imports_and_so_does_an_allowed_one_that_is_gone(tmp_path):
    package = write(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n",
                               "pkg/b.py": "from pkg import a\n", "pkg/c.py": ""})
    found = cycles_of(package)
    assert compare(found, {}) == [
        "new import cycle pkg: a -> b -> a\n"
        "    a -> b: pkg.a imports pkg.b (line 1)\n"
        "    b -> a: pkg.b imports pkg.a (line 1)"]
    assert compare(found, {"a <-> b": {"pkg: a -> b -> a"}}) == []
    assert compare(found, {"a <-> b": {"pkg: a -> b -> a"}, "gone": {"pkg: b -> c -> b"}}) == [
        "no longer a cycle, remove it from ALLOWED_CYCLES ('gone'): pkg: b -> c -> b"]
