"""Dutch full-text search over documents: analysis, index, facets and distance."""
