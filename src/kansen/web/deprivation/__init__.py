"""Where need is highest: the deprivation index, its builder, and need-based allocation."""
