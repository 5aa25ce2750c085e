"""The package's imports go one way: entry points -> pipelines -> steps -> base, and never in a circle.

Each module of ``etl`` belongs to a layer; it may import modules of its own layer and of the layers below,
never of a layer above (imports inside functions count too). Inside a layer, imports may go sideways but
not round in a circle. Only ``etl/config.py`` reads the environment.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ETL = Path(__file__).resolve().parents[1] / "etl"

# top to bottom; a module belongs to the first layer with a prefix of its name
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry points", ("etl.cli", "etl.orchestration")),
    ("pipelines", ("etl.pipeline", "etl.reports.produce")),
    ("declarations", ("etl.kinds",)),
    ("steps", ("etl.extract", "etl.landing", "etl.sources", "etl.normalise", "etl.validate", "etl.rules", "etl.load",
               "etl.inputs", "etl.marts", "etl.restatement", "etl.reports", "etl.sample", "etl.migrate",
               "etl.migrations")),
    ("base", ("etl.config", "etl.db", "etl.vi", "etl.files", "etl.codes", "etl.canonical", "etl.periods",
              "etl.embedded", "etl")),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ETL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {Path(__file__).name}")


def modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(ETL.rglob("*.py"))}


def etl_imports(tree: ast.Module, known: set[str]) -> set[str]:
    """The etl modules a module imports (``from etl import vi`` imports etl.vi, not etl)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "etl"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "etl":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    trees = modules()
    return {name: etl_imports(tree, set(trees)) - {name} for name, tree in trees.items()}


def test_every_module_has_a_layer(graph):
    for module in graph:
        layer_of(module)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return [f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
            for module, targets in sorted(graph.items()) for target in sorted(targets)
            if layer_of(target) < layer_of(module)]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (its modules, the first repeated at the end), or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                return path[path.index(target):] + [target]
            if target not in done:
                found = visit(target, path + [target])
                if found:
                    return found
        done.add(module)
        return None

    for start in sorted(graph):
        found = visit(start, [start]) if start not in done else None
        if found:
            return found
    return None


def test_no_module_imports_a_layer_above_its_own(graph):
    assert upward_imports(graph) == []


def test_there_is_no_import_cycle(graph):
    found = find_cycle(graph)
    assert found is None, " -> ".join(found)


def test_the_checks_see_upward_imports_lazy_imports_and_cycles():
    tree = ast.parse("from etl import pipeline\nfrom etl.sources import registry\n\ndef f():\n    import etl.cli\n")
    imported = etl_imports(tree, {"etl.pipeline", "etl.sources.registry", "etl.cli"})
    assert imported == {"etl.pipeline", "etl.sources.registry", "etl.cli"}
    assert [layer_of(m) for m in ("etl.cli", "etl.pipeline", "etl.kinds", "etl.load", "etl.db")] == [0, 1, 2, 3, 4]
    assert upward_imports({"etl.load": {"etl.pipeline", "etl.db"}}) == [
        "etl.load (steps) imports etl.pipeline (pipelines)"]
    assert find_cycle({"etl.normalise": {"etl.sources.petitions"}, "etl.sources.petitions": {"etl.normalise"},
                       "etl.db": set()}) == ["etl.normalise", "etl.sources.petitions", "etl.normalise"]
    assert find_cycle({"etl.load": {"etl.db"}, "etl.db": set()}) is None


def test_only_the_settings_module_reads_the_environment(graph):
    readers = []
    for path in sorted(ETL.rglob("*.py")):
        if path == ETL / "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            attribute = isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                and isinstance(node.value, ast.Name) and node.value.id == "os"
            imported = isinstance(node, ast.ImportFrom) and node.module == "os" \
                and any(alias.name in ("environ", "getenv") for alias in node.names)
            if attribute or imported:
                readers.append(f"{path.relative_to(ETL.parent)}:{node.lineno}")
    assert readers == []
