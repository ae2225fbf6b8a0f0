"""Review aids for any ASL definition: pictures (Mermaid, Graphviz) and semantic diffs."""
