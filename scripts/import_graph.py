"""Print the portal's package-level import graph (every import, module level or inside a function), and any cycle.

    python scripts/import_graph.py            # one line per package: what it imports
    python scripts/import_graph.py --dot      # Graphviz

Built with grimp (import-linter's graph library). Modules are grouped by their first two name parts
(``portal.services.materials.reads`` -> ``portal.services``); top-level modules (``portal.security``) stand alone.
"""

import argparse
import os
import sys

import grimp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def module_graph():
    """{module: set of portal modules it imports directly} (of this checkout, whatever package the venv points at)."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    graph = grimp.build_graph("portal", cache_dir=None)
    return {m: {i for i in graph.find_modules_directly_imported_by(m) if i.startswith("portal")} for m in graph.modules}


def package_of(module):
    """portal.services.materials.reads -> portal.services; portal.security -> portal.security."""
    return ".".join(module.split(".")[:2])


def package_graph(edges=None):
    """{package: set of packages it imports}, without self-loops."""
    edges = edges if edges is not None else module_graph()
    out = {}
    for module, imported in edges.items():
        source = package_of(module)
        out.setdefault(source, set())
        out[source] |= {package_of(i) for i in imported if package_of(i) != source}
    return out


def cycles(edges):
    """Strongly connected components with more than one node (Tarjan), each sorted; [] when the graph is acyclic."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", action="store_true", help="print Graphviz instead of text")
    args = parser.parse_args(argv)
    edges = module_graph()
    packages = package_graph(edges)
    if args.dot:
        print("digraph portal {\n  rankdir=TB;")
        for source in sorted(packages):
            for target in sorted(packages[source]):
                print(f'  "{source}" -> "{target}";')
        print("}")
    else:
        width = max(len(p) for p in packages)
        for source in sorted(packages):
            print(f"{source:<{width}}  -> {', '.join(sorted(packages[source])) or '(nothing)'}")
        found = cycles(edges)
        print(f"\n{len(edges)} modules, {sum(len(v) for v in edges.values())} imports; module cycles: {len(found)}")
        for component in found:
            print("  cycle: " + " <-> ".join(component))
    return 1 if cycles(edges) else 0


if __name__ == "__main__":
    sys.exit(main())
