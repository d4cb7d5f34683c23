"""The providers' back office (``/aanbieders/``): keeping the directory's offers current."""
