"""Plan validation: inputs -> RDF, SHACL run, readable reports."""
