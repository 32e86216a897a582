"""One module per document format, each `read(data: bytes, name: str) -> Document`.

The registry (eqkg.documents.registry) picks the module and eqkg.documents.read_bytes
has already checked the bytes (size, container, real format) before `read` is called.
"""
