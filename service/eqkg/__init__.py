"""eqkg: a knowledge graph of public bodies' equality objectives, with a query layer."""

__version__ = "0.1.0"
