"""`python -m flowdsl`: the same command line as `flowdsl`."""

import sys

from flowdsl.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
