"""kho-cchc's loader: readers, identification, row parsing and the load into Postgres."""

from loaders import native

# Before any other loader module is imported: compiled modules that no longer match
# their sources are set aside (see native.py).
native.choose()
