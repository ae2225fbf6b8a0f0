"""flowdsl: AWS Step Functions workflows written as Python functions.

This module only re-exports the authoring API (see `flowdsl.dsl`); it holds no logic and imports
nothing heavy, because every flow module imports it.
"""

from flowdsl.dsl import *  # noqa: F403
from flowdsl.dsl import __all__  # noqa: F401
