"""JSON Schemas flowdsl ships as data: [tool.flowdsl] and generated substitutions files."""
