"""Any input format -> one document model (eqkg.documents.model); one module per format.

Public API: `read_bytes(data, filename=None, content_type=None, fmt=None) -> Document`,
`read_path(path, fmt=None) -> Document`, `FORMATS`.
"""
