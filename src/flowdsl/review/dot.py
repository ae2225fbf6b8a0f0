"""Graphviz `dot` drawings of ASL definitions (the same graph the Mermaid picture shows)."""

from __future__ import annotations

from typing import Any

from flowdsl.review.graph import CATCH, HIDDEN, Cluster, Edge, Node, build_graph

# Node attributes per state type.
_NODE_STYLES: dict[str, str] = {
    "Task": 'shape=box, style=filled, fillcolor="#dbeafe", color="#2563eb"',
    "Pass": 'shape=box, style="rounded,filled", fillcolor="#f3f4f6", color="#6b7280"',
    "Choice": 'shape=diamond, style=filled, fillcolor="#fef3c7", color="#d97706"',
    "Wait": 'shape=hexagon, style=filled, fillcolor="#ede9fe", color="#7c3aed"',
    "Succeed": 'shape=box, style="rounded,filled,bold", fillcolor="#dcfce7", color="#16a34a"',
    "Fail": 'shape=octagon, style=filled, fillcolor="#fee2e2", color="#dc2626"',
    "Missing": 'shape=box, style=dashed, color="#dc2626", fontcolor="#991b1b"',
    "Anchor": "shape=point, style=invis, width=0",
    "Start": 'shape=circle, style=filled, fillcolor="#9ca3af", color="#374151", penwidth=2',
    "End": 'shape=doublecircle, style=filled, fillcolor="#9ca3af", color="#374151", penwidth=2',
}
_DEFAULT_STYLE = "shape=box"
_CLUSTER_STYLES: dict[str, str] = {
    "Parallel": 'style=bold; color="#64748b";',
    "Branch": 'style=dashed; color="#94a3b8";',
    "Map": 'style=bold; color="#0d9488";',
}


def quote(text: str) -> str:
    """A DOT double-quoted string holding `text` exactly (backslashes and quotes escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def render_dot(definition: dict[str, Any], *, name: str = "workflow") -> str:
    """The definition as a Graphviz digraph, ending with a newline."""
    graph = build_graph(definition)
    lines = [
        f"digraph {quote(name)} {{",
        '  graph [rankdir=TB, fontname="Helvetica", fontsize=11];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for member in graph.members:
        _emit_member(member, lines, depth=1)
    lines.extend("  " + _edge(edge) for edge in graph.edges)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _emit_member(member: Node | Cluster, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    if isinstance(member, Cluster):
        # Graphviz only draws a subgraph as a box when its name starts with "cluster".
        lines.append(f"{pad}subgraph {quote('cluster_' + member.id)} {{")
        lines.append(f"{pad}  label={quote(_label(member.title, member.details))};")
        if member.kind in _CLUSTER_STYLES:
            lines.append(f"{pad}  {_CLUSTER_STYLES[member.kind]}")
        for inner in member.members:
            _emit_member(inner, lines, depth + 1)
        lines.append(f"{pad}}}")
        return
    text = member.name
    if member.type == "Missing":
        text = f"missing state: {member.name}"
    style = _NODE_STYLES.get(member.type, _DEFAULT_STYLE)
    label = "" if member.type == "Anchor" else f"label={quote(_label(text, member.details))}, "
    lines.append(f"{pad}{quote(member.id)} [{label}{style}];")


def _label(title: str, details: tuple[str, ...]) -> str:
    return "\n".join([title, *details])


def _edge(edge: Edge) -> str:
    attrs: list[str] = []
    if edge.kind == HIDDEN:
        attrs.append("style=invis")
    if edge.label:
        attrs.append(f"label={quote(edge.label)}")
    if edge.kind == CATCH:
        attrs.append('style=dashed, color="#dc2626", fontcolor="#991b1b"')
    suffix = f" [{', '.join(attrs)}]" if attrs else ""
    return f"{quote(edge.source)} -> {quote(edge.target)}{suffix};"
