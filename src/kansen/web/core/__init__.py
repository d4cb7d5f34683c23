"""What every page shares: the portal, the base layout, the home page."""
