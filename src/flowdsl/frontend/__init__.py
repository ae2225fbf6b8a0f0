"""Python source -> IR. The only package that imports `ast`."""
