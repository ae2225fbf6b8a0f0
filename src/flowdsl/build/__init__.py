"""The build: from flow files to the files in generated/, and the answer to "is generated/ up
to date?".

- `discovery`: which files are flows. `config`: `[tool.flowdsl]`.
- `loading`: a flow module executed from the source bytes read (never `__pycache__`), with the
  project modules it imports; `inputs`: what it read, hashed as read, and reads that cannot be.
- `compiling`: one module's workflows through the compiler's stages; `artifacts`: the files a
  workflow becomes; `verify`: validation of changed definitions; `pool`: modules on every core.
- `records`: what `--check` trusts: per-module records of inputs and outputs, and stat data of
  generated files (git's index rules), all under one environment key.
- `tree`: generated/ as flowdsl owns it (manifest, no links, all-or-nothing writes);
  `builder`: one build from those parts; `diffs`: what `--diff` prints.
"""
