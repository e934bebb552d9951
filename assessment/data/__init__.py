"""Validated data files: scales, catalogues, locales, and how they are read."""
