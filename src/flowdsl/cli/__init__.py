"""The `flowdsl` command line (click); see `flowdsl.cli.main`."""
