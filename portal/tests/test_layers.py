"""The layers of docs/architecture.md, read from the code's own imports: core at the bottom, then
committees, premises, initiatives and surveys in that order, portal on top. An app imports only what stands
below it; no module is part of an import cycle (imports inside functions count too)."""
import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["core", "committees", "premises", "initiatives", "surveys", "portal"]
# The one import that runs against the layering: an initiative's page shows what residents said in
# the surveys that inform it (initiatives/views.py names it).
AGAINST_THE_LAYERING = {("initiatives.views", "surveys")}


def project_modules():
    """{module name: [(imported project module, line)]} of every module that runs in the portal
    (tests and migrations aside)."""
    base = Path(settings.BASE_DIR)
    modules = {}
    for layer in LAYERS:
        for path in sorted((base / layer).rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            if "tests" in parts or "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = list(imported(ast.parse(path.read_text()), name, path.name == "__init__.py"))
    return {name: [(target, line) for target, line in found if target.split(".")[0] in LAYERS] for name, found in modules.items()}


def imported(tree, name, is_package):
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield base, node.lineno
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def known(target, modules):
    """The project module `target` names (an imported name resolves to its module)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


@pytest.fixture(scope="module")
def graph():
    modules = project_modules()
    return {name: {known(target, modules) for target, _ in found} - {None, name} for name, found in modules.items()}


def test_each_layer_imports_only_what_stands_below_it():
    against = set()
    for name, found in project_modules().items():
        layer = LAYERS.index(name.split(".")[0])
        for target, line in found:
            target_layer = LAYERS.index(target.split(".")[0])
            if target_layer > layer:
                against.add((name, target.split(".")[0], line))
    assert {(name, target) for name, target, _ in against} <= AGAINST_THE_LAYERING, sorted(against)


def cycles_in(graph):
    """Every import cycle met walking `graph` ({module: {imported modules}}) depth first."""
    cycles, state = [], {}

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_no_module_is_part_of_an_import_cycle(graph):
    assert cycles_in(graph) == []


def test_the_cycle_check_sees_a_cycle_inside_a_function_too():
    tree = ast.parse("def rule():\n    from committees.rules import member_committee_ids\n")
    graph = {"committees.models": {target for target, _ in imported(tree, "committees.models", False)} & {"committees.rules"},
             "committees.rules": {"committees.models"}}
    assert cycles_in(graph) == [["committees.models", "committees.rules", "committees.models"]]


def test_the_layer_check_sees_an_import_against_the_layering(tmp_path):
    tree = ast.parse("def page():\n    from portal.views import home\n")
    assert ("portal.views", 2) in list(imported(tree, "core.example", False))
